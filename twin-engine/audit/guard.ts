/**
 * Refuses files that look like real clinical records. WardTwin is for synthetic patients only: a module
 * folder, scenario or import that carries an HL7 v2 message, a DICOM object or a FHIR Patient resource
 * (unless explicitly tagged synthetic) is rejected with the reason, before anything is parsed or stored.
 */

/** DICOM Part 10: a 128-byte preamble followed by "DICM" (PS3.10 §7.1). */
function isDicom(b: Uint8Array): boolean {
  return b.length >= 132 && b[128] === 0x44 && b[129] === 0x49 && b[130] === 0x43 && b[131] === 0x4d;
}

/** HL7 v2: a message starts with an MSH segment whose 4th character is the field separator. */
const HL7_MSH = /(^|[\r\n])MSH\|\^~\\&/;
/** FHIR Patient: JSON "resourceType": "Patient", or XML <Patient xmlns="http://hl7.org/fhir">. */
const FHIR_PATIENT_JSON = /"resourceType"\s*:\s*"Patient"/;
const FHIR_PATIENT_XML = /<Patient[\s>][^]*?hl7\.org\/fhir|xmlns="http:\/\/hl7\.org\/fhir"[^]*?<Patient[\s>]/;
/**
 * What marks a FHIR Patient as synthetic: a meta.tag or security label with code "synthetic"
 * (e.g. Synthea's output), or the HL7 v3 ActReason "HTEST" (test health data).
 */
const SYNTHETIC_MARK = /"code"\s*:\s*"(synthetic|HTEST)"|<code value="(synthetic|HTEST)"/i;

/** Bytes checked for text signatures (records start early; keeps the check cheap on big files). */
const SCAN_BYTES = 1 << 20;

export function checkExternalRecord(bytes: Uint8Array, fileName: string): string | null {
  if (isDicom(bytes) || /\.dcm$/i.test(fileName)) {
    return 'looks like a DICOM object (medical image); WardTwin accepts no real clinical records';
  }
  const text = new TextDecoder('utf-8').decode(bytes.subarray(0, SCAN_BYTES));
  if (HL7_MSH.test(text)) return 'looks like an HL7 v2 message (MSH segment); WardTwin accepts no real clinical records';
  if ((FHIR_PATIENT_JSON.test(text) || FHIR_PATIENT_XML.test(text)) && !SYNTHETIC_MARK.test(text)) {
    return 'contains a FHIR Patient resource not tagged synthetic (meta.tag code "synthetic" or security "HTEST"); WardTwin accepts no real clinical records';
  }
  return null;
}
