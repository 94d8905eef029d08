/**
 * The scenario being edited. The yaml Document is the single source of truth for the form; `text` is
 * serialize(doc) after every form edit, or what the instructor typed in the raw tab (which becomes the
 * Document again as soon as it parses). `rev` bumps on every change because the Document is mutated in
 * place and zustand compares by identity.
 */
import type { Document } from 'yaml';
import { create } from 'zustand';
import type { Diagnostic } from '../../../twin-engine/scenario/diagnostics';
import type { Scenario } from '../../../twin-engine/scenario/scenario';
import { parseDoc, serialize } from './doc-model';
import { formFieldPaths, mapDiagnostics, type DiagnosticMap } from './field-map';
import { usePreview } from './preview-store';

const ID_RE = /^[a-z][a-z0-9_-]*$/;
const idOf = (doc: Document): string | null => {
  const v = doc.get('id');
  return typeof v === 'string' && ID_RE.test(v) ? v : null;
};

/**
 * The file name follows the scenario's id (issue 15: changing the id kept the old file name), unless the
 * file was named otherwise on purpose (a name that was not the old id's).
 */
function followId(fileName: string, before: string | null, after: string | null): string {
  if (!after || before === after) return fileName;
  const dir = fileName.includes('/') ? fileName.slice(0, fileName.lastIndexOf('/') + 1) : '';
  const base = fileName.slice(dir.length);
  return base === `${before}.yaml` || base === 'untitled.yaml' ? `${dir}${after}.yaml` : fileName;
}

export interface EditorState {
  doc: Document;
  text: string;
  fileName: string;
  rev: number;
  /** Set while the raw text has a YAML syntax error (the form then shows the last good Document). */
  yamlError: string | null;
  /** Validation of `text` (debounced); `validatedRev` tells which revision it describes. */
  diagnostics: Diagnostic[];
  diagMap: DiagnosticMap;
  scenario: Scenario | null;
  validatedRev: number;
  /** Text of the last save, to show "unsaved changes". */
  savedText: string | null;
  load(text: string, fileName: string): void;
  edit(mutate: (doc: Document) => void): void;
  setText(text: string): void;
  setValidation(rev: number, diagnostics: Diagnostic[], scenario: Scenario | null): void;
  markSaved(fileName: string, text: string): void;
}

const emptyMap: DiagnosticMap = { byField: new Map(), unmatched: [] };

export const useEditor = create<EditorState>((set, get) => ({
  doc: parseDoc(''),
  text: '',
  fileName: 'untitled.yaml',
  rev: 0,
  yamlError: null,
  diagnostics: [],
  diagMap: emptyMap,
  scenario: null,
  validatedRev: -1,
  savedText: null,
  load(text, fileName) {
    const doc = parseDoc(text);
    usePreview.getState().reset();
    set({ doc, text, fileName, rev: get().rev + 1, yamlError: doc.errors[0]?.message ?? null, savedText: null, diagnostics: [], scenario: null });
  },
  edit(mutate) {
    const { doc, rev, fileName } = get();
    const before = idOf(doc);
    mutate(doc);
    set({ text: serialize(doc), rev: rev + 1, yamlError: null, fileName: followId(fileName, before, idOf(doc)) });
  },
  setText(text) {
    const doc = parseDoc(text);
    if (doc.errors.length > 0) set({ text, rev: get().rev + 1, yamlError: doc.errors[0].message });
    else set({ doc, text, rev: get().rev + 1, yamlError: null, fileName: followId(get().fileName, idOf(get().doc), idOf(doc)) });
  },
  setValidation(rev, diagnostics, scenario) {
    if (rev !== get().rev) return; // a newer edit is already being validated
    const js = get().doc.toJS();
    set({ diagnostics, scenario, validatedRev: rev, diagMap: mapDiagnostics(diagnostics, formFieldPaths(js)) });
  },
  markSaved(fileName, text) {
    set({ fileName, savedText: text });
  },
}));

/** Diagnostics shown at one form field. */
export function useFieldDiagnostics(path: string): Diagnostic[] {
  return useEditor((s) => s.diagMap.byField.get(path)) ?? NONE;
}
const NONE: Diagnostic[] = [];
