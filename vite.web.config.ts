/** The browser host: the same renderer as Electron, with the engine in a Web Worker. */
import react from '@vitejs/plugin-react';
import { resolve } from 'node:path';
import { defineConfig } from 'vite';
import { pyodideAssets } from './scripts/pyodide-assets';

export default defineConfig({
  root: resolve(import.meta.dirname, 'renderer'),
  base: './',
  plugins: [react(), pyodideAssets()],
  worker: { format: 'es' },
  // Pyodide finds its own files at run time (./pyodide/ beside the module worker): not pre-bundled.
  optimizeDeps: { exclude: ['pyodide'] },
  build: {
    outDir: resolve(import.meta.dirname, 'dist-web'),
    emptyOutDir: true,
    chunkSizeWarningLimit: 2000,
  },
  server: { fs: { allow: [import.meta.dirname] } },
});
