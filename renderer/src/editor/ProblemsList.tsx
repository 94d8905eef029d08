/** Diagnostics no form field shows (unknown keys, document-level problems), as the CLI prints them. */
import { formatDiagnostic } from '../../../twin-engine/scenario/diagnostics';
import { useEditor } from './editor-store';

export function ProblemsList() {
  const diags = useEditor((s) => s.diagnostics);
  const unmatched = useEditor((s) => s.diagMap.unmatched);
  const yamlError = useEditor((s) => s.yamlError);
  if (diags.length === 0 && !yamlError) return <div className="ed-ok" data-testid="validation-ok">✓ Valid — the same checks as <code>wardtwin validate</code></div>;
  return (
    <div className="ed-problems" data-testid="problems" data-count={diags.length}>
      <b>
        {diags.length} problem{diags.length === 1 ? '' : 's'}
      </b>
      {diags.length > unmatched.length && <span> — {diags.length - unmatched.length} shown at their fields (red)</span>}
      {unmatched.length > 0 && (
        <ul>
          {unmatched.map((d, i) => (
            <li key={i}>
              <code>{formatDiagnostic(d)}</code>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
