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
    set({ doc, text, fileName, rev: get().rev + 1, yamlError: doc.errors[0]?.message ?? null, savedText: null });
  },
  edit(mutate) {
    const { doc, rev } = get();
    mutate(doc);
    set({ text: serialize(doc), rev: rev + 1, yamlError: null });
  },
  setText(text) {
    const doc = parseDoc(text);
    if (doc.errors.length > 0) set({ text, rev: get().rev + 1, yamlError: doc.errors[0].message });
    else set({ doc, text, rev: get().rev + 1, yamlError: null });
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
