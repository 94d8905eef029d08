/**
 * electron-vite build: main process (+ the engine and module sandbox utility processes), the sandboxed preload (one
 * CommonJS file, as sandboxed preloads require), and the renderer shared with the browser host.
 */
import react from '@vitejs/plugin-react';
import { defineConfig } from 'electron-vite';
import { resolve } from 'node:path';
import { pyodideAssets } from './scripts/pyodide-assets';

const root = import.meta.dirname;

export default defineConfig({
  main: {
    build: {
      outDir: resolve(root, 'out/main'),
      rollupOptions: {
        input: {
          index: resolve(root, 'electron/main/index.ts'),
          engine: resolve(root, 'electron/engine/index.ts'),
          // A module sandbox utility process (the same runner as the CLI's child processes).
          'module-sandbox': resolve(root, 'twin-engine/node/module-worker.ts'),
        },
      },
    },
  },
  preload: {
    build: {
      outDir: resolve(root, 'out/preload'),
      rollupOptions: {
        input: { index: resolve(root, 'electron/preload/index.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs', inlineDynamicImports: true },
      },
    },
  },
  renderer: {
    root: resolve(root, 'renderer'),
    plugins: [react(), pyodideAssets()],
    worker: { format: 'es' },
    optimizeDeps: { exclude: ['pyodide'] },
    build: {
      outDir: resolve(root, 'out/renderer'),
      chunkSizeWarningLimit: 2000,
      rollupOptions: { input: resolve(root, 'renderer/index.html') },
    },
  },
});
