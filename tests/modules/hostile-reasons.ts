/**
 * Each hostile module (tests/modules/hostile/<folder>) → what its quarantine reason must say, on every host
 * that runs it (isolation.test.ts in Node, modules-browser.e2e.test.ts in Chromium).
 */
export const HOSTILE_REASONS: Readonly<Record<string, RegExp>> = {
  throws: /threw Error: boom at 20/,
  'infinite-loop': /stopped: no answer within \d+ ms \(infinite loop or hang\)/,
  'memory-bomb': /exceeded its memory cap: sandbox process heap over 96 MB/,
  'array-bomb': /exceeded its memory cap: sandbox process heap over 96 MB \((V8: |\d+ MB resident when it stopped answering)/,
  // 1.6 GB in one allocation: refused by the OS data limit inside the call (RLIMIT_DATA), not after it.
  'buffer-bomb': /exceeded its memory cap: RangeError: Array buffer allocation failed at index\.ts:\d+ on bed 'bed-1' at simulated time 00:00:20/,
  // 160 MB: under the OS limit, over the module's 96 MB cap: the after-call check stops it.
  'buffer-creep': /exceeded its memory cap: external \(ArrayBuffer\) memory 1[56]\d MB over the cap 96 MB/,
  'flood-burst': /flooded findings: 50 in one second on bed bed-1 \(limit 4\)/,
  'flood-steady': /flooded findings: 21 within 60 s on bed bed-1 \(limit 20\)/,
  'nan-score': /malformed finding: score must be a finite number, got NaN/,
  'bad-label': /malformed finding: label 'cancer' is not one the manifest emits/,
  'not-array': /onSecond must return an array/,
  fetch: /sandbox violation: tried to use fetch \(network\)/,
  'require-fs': /sandbox violation: tried to use require\('node:fs'\)/,
  'child-process': /sandbox violation: tried to use require\('child_process'\)/,
  'process-exit': /sandbox violation: tried to use process\.exit/,
  'globalthis-escape': /sandbox violation: tried to use process\.env/,
  'late-import': /sandbox violation: tried to use import\(\) \(dynamic import/,
  'prototype-pollution': /threw TypeError: .*(not extensible|polluted)/,
  nondeterministic: /threw .*Math.*random/,
  'cpu-hog': /over its CPU budget on 3 consecutive seconds/,
  'promise-hog': /over its CPU budget on 3 consecutive seconds/,
  'python-network': /failed to start: .*network blocked: .*(unreachable|Network)/i,
  'python-hang': /stopped: no answer within \d+ ms .*process killed/,
  'python-garbage': /protocol: stdout line is not JSON/,
  'pyodide-throws': /module 'hostile-pyodide-throws' threw ZeroDivisionError: division by zero at module\.py:5 on bed 'bed-1' at simulated time 00:00:20 \(20 s\)/,
  'pyodide-cpu-hog': /over its CPU budget on 3 consecutive seconds/,
  'pyodide-huge-list': /exceeded its memory cap: Python asked for more memory than 32-bit WebAssembly can address \(limits\.memoryMb 96 MB, beyond the interpreter's \d+ MB\): OverflowError: cannot fit 'int' into an index-sized integer at module\.py:10 on bed 'bed-1' at simulated time 00:00:05/,
  'pyodide-hang': /stopped: no answer within \d+ ms \(infinite loop or hang\); worker terminated/,
  'pyodide-memory': /exceeded its memory cap: Python heap over 96 MB \(limits\.memoryMb 96 MB, beyond the interpreter's \d+ MB\) \(the Python heap would have grown to \d+ MB\): MemoryError at module\.py:\d+ on bed 'bed-1'/,
};
