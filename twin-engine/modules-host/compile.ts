/**
 * The ONE compiler for JS/TS module code, used by every host (CLI, Node worker threads, the browser's
 * engine worker, the app's upload): a file that one host refuses is refused by all, with the same
 * `file:line:column` message. Platform-neutral (sucrase is plain JS: no Node, no DOM).
 *
 * Why sucrase and not TypeScript's transpileModule: transpileModule *repairs* syntax errors (it emits
 * code for `if (v < 92 st.low++;` with reportDiagnostics off, and the browser, which used sucrase,
 * refused the same file). Sucrase refuses any syntax error with its position, is small enough for a
 * worker, and keeps every line where it was (it only rewrites within lines and appends on the last),
 * so a runtime stack line in the compiled code IS the line in the student's file: no source map needed.
 * No type checking here either way: that is the author's tool's job.
 */
import { transform } from 'sucrase';

/** A file of a module that does not compile. */
export class ModuleCompileError extends Error {
  constructor(
    readonly file: string,
    readonly line: number,
    readonly column: number,
    readonly reason: string,
  ) {
    super(`${file}:${line}:${column}: syntax error: ${reason}`);
  }
}

const TS_FILE = /\.(ts|mts|cts)$/;

/** TS or ESM/CommonJS JavaScript → CommonJS text with the same line numbers. Throws ModuleCompileError. */
export function compileModuleSource(source: string, file: string): string {
  try {
    // TypeScript syntax only in .ts files: type annotations in a .js file are an error, as in Node.
    return transform(source, { transforms: TS_FILE.test(file) ? ['typescript', 'imports'] : ['imports'], filePath: file, production: true }).code;
  } catch (err) {
    const e = err as { message?: unknown; pos?: unknown };
    const pos = typeof e.pos === 'number' ? Math.min(Math.max(0, e.pos), source.length) : 0;
    const before = source.slice(0, pos);
    const line = before.split('\n').length;
    const column = pos - (before.lastIndexOf('\n') + 1) + 1;
    // Sucrase says "Error transforming <file>: <reason> (l:c)"; keep only the reason.
    const reason = String(e.message ?? err)
      .replace(/^Error transforming [^:]*: /, '')
      .replace(/ \(\d+:\d+\)$/, '');
    throw new ModuleCompileError(file, line, column, reason);
  }
}
