/**
 * Text that comes from a module (its stderr, finding messages, names, error messages) is shown in a
 * terminal and in the UI. Control characters there could move the cursor, rewrite earlier lines,
 * recolour or hide text (ESC sequences), or reorder what is shown (bidi overrides): a module could
 * then forge another module's output or the app's own. So every such character is shown escaped.
 */

// C0 controls (incl. ESC, CR, LF, TAB), DEL, C1 controls (incl. CSI U+009B), and the bidi
// embedding/override/isolate marks (U+202A–U+202E, U+2066–U+2069).
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;

/**
 * `s` with each control character written as `\xHH` (or `\uHHHH`), so it prints as visible text.
 * `keepLines`: leave line feeds and tabs (multi-line prose such as a model card section).
 */
export function escapeControl(s: string, opts: { keepLines?: boolean } = {}): string {
  return s.replace(CONTROL, (c) => {
    if (opts.keepLines && (c === '\n' || c === '\t')) return c;
    const code = c.charCodeAt(0);
    return code < 0x100 ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
  });
}
