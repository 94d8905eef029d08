/** The file as text. Typing here replaces the Document once the text parses; the form follows. */
import { useEditor } from './editor-store';

export function RawYamlTab() {
  const text = useEditor((s) => s.text);
  const yamlError = useEditor((s) => s.yamlError);
  const setText = useEditor((s) => s.setText);
  return (
    <div className="ed-raw">
      {yamlError && (
        <div className="ed-diag" role="alert">
          YAML syntax error — the form shows the last version that parsed: {yamlError}
        </div>
      )}
      <textarea aria-label="Scenario YAML" data-testid="raw-yaml" spellCheck={false} value={text} onChange={(e) => setText(e.target.value)} />
    </div>
  );
}
