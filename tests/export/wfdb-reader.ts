/**
 * An independent reader of MIT-format annotation files, written from annot(5) of the WFDB Software
 * Package (not from the writer under test): each 16-bit little-endian word is code (6 high bits) and
 * time increment or data (10 low bits); SKIP (59) is followed by a 32-bit interval (high half first, each
 * half low byte first); NUM (60) sets num for this and later annotations; SUB (61) sets subtyp for this
 * annotation only; CHN (62) sets chan for this and later ones; AUX (63) is followed by that many bytes
 * (plus a pad byte when odd); a zero word ends the file. subtyp, chan and num are the library's
 * signed char, unsigned char and signed char (the 10-bit field truncated to 8 bits).
 * Mnemonics follow the WFDB library's annotation table (what rdann prints).
 */
export interface ReadAnnotation {
  sample: number;
  code: number;
  symbol: string;
  subtyp: number;
  chan: number;
  num: number;
  aux: string;
}

const MNEMONIC: Record<number, string> = {
  1: 'N', 2: 'L', 3: 'R', 4: 'a', 5: 'V', 6: 'F', 7: 'J', 8: 'A', 9: 'S', 10: 'E', 11: 'j', 12: '/', 13: 'Q',
  14: '~', 16: '|', 18: 's', 19: 'T', 20: '*', 21: 'D', 22: '"', 23: '=', 24: 'p', 25: 'B', 26: '^', 27: 't',
  28: '+', 29: 'u', 30: '?', 31: '!', 32: '[', 33: ']', 34: 'e', 35: 'n', 36: '@', 37: 'x', 38: 'f', 39: '(',
  40: ')', 41: 'r',
};

const schar = (v: number) => ((v & 0xff) << 24) >> 24;

export function readMitAnnotations(b: Uint8Array): ReadAnnotation[] {
  const out: ReadAnnotation[] = [];
  const u16 = (i: number) => b[i] | (b[i + 1] << 8);
  let t = 0;
  let chan = 0;
  let num = 0;
  let i = 0;
  while (i + 1 < b.length) {
    const w = u16(i);
    i += 2;
    if (w === 0) return out;
    const code = w >> 10;
    const data = w & 0x3ff;
    const last = out[out.length - 1];
    switch (code) {
      case 59: {
        // interval as a signed 32-bit value
        t += ((u16(i) << 16) | u16(i + 2)) | 0;
        i += 4;
        break;
      }
      case 60:
        num = schar(data);
        if (!last) throw new Error('NUM before any annotation');
        last.num = num;
        break;
      case 61:
        if (!last) throw new Error('SUB before any annotation');
        last.subtyp = schar(data);
        break;
      case 62:
        chan = data & 0xff;
        if (!last) throw new Error('CHN before any annotation');
        last.chan = chan;
        break;
      case 63:
        if (!last) throw new Error('AUX before any annotation');
        last.aux = String.fromCharCode(...b.subarray(i, i + data));
        i += data + (data & 1);
        break;
      default:
        t += data;
        out.push({ sample: t, code, symbol: MNEMONIC[code] ?? `#${code}`, subtyp: 0, chan, num, aux: '' });
    }
  }
  throw new Error('annotation file ends without the zero end-of-file word');
}

/** One line of `rdann` output (time, sample, mnemonic, subtyp, chan, num, aux) → its fields. */
export function parseRdannLine(line: string): Omit<ReadAnnotation, 'code'> | null {
  const m = /^\s*\S+\s+(\d+)\s+(\S)\s+(-?\d+)\s+(\d+)\s+(-?\d+)\t?(.*)$/.exec(line);
  if (!m) return null;
  return { sample: Number(m[1]), symbol: m[2], subtyp: Number(m[3]), chan: Number(m[4]), num: Number(m[5]), aux: m[6] };
}
