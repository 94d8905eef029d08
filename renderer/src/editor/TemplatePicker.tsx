/** Start from a library scenario, a saved one, or a blank template. */
import { useState } from 'react';
import { useEditor } from './editor-store';
import { libraryScenarios, readLibrary, readSaved } from './library';

export const BLANK = `# yaml-language-server: $schema=schema/scenario.schema.json
kind: scenario
id: new-scenario
title: New scenario
level: novice
author: ""
duration: 1 h
objectives:
  - Recognise the deterioration.
patient:
  age: 60 y
  sex: female
timeline: []
`;

export function TemplatePicker() {
  const load = useEditor((s) => s.load);
  const [choice, setChoice] = useState('');
  const lib = libraryScenarios();
  const saved = readSaved().filter((f) => f.kind === 'scenario');
  const open = (v: string) => {
    if (!v) return;
    if (v === 'blank') load(BLANK, 'new-scenario.yaml');
    else if (v.startsWith('saved:')) {
      const f = saved.find((x) => x.fileName === v.slice(6));
      if (f) load(f.text, f.fileName);
    } else load(readLibrary(v), v);
    setChoice('');
  };
  return (
    <label className="ed-template">
      Open / start from{' '}
      <select value={choice} onChange={(e) => open(e.target.value)} data-testid="template-picker" aria-label="Open a scenario or template">
        <option value="">choose…</option>
        <option value="blank">Blank scenario</option>
        <optgroup label="Library (templates)">
          {lib.map((t) => (
            <option key={t.path} value={t.path}>
              {t.title} — {t.path}
            </option>
          ))}
        </optgroup>
        {saved.length > 0 && (
          <optgroup label="Saved in this browser">
            {saved.map((f) => (
              <option key={f.fileName} value={`saved:${f.fileName}`}>
                {f.title} — {f.fileName}
              </option>
            ))}
          </optgroup>
        )}
      </select>
    </label>
  );
}
