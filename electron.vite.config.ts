import { resolve } from 'node:path';
import { defineConfig } from 'electron-vite';
import react from '@vitejs/plugin-react';
import type { Plugin } from 'vite';

/**
 * The dev server injects an inline script (React refresh) and <style> tags (CSS hot reload), which
 * the product CSP forbids. Relax it for `electron-vite dev` only; builds keep the strict policy.
 */
const devCsp: Plugin = {
  name: 'aloud-dev-csp',
  apply: 'serve',
  transformIndexHtml: (html) =>
    html
      .replace("script-src 'self'", "script-src 'self' 'unsafe-inline'")
      .replace("style-src 'self'", "style-src 'self' 'unsafe-inline'")
      .replace("connect-src 'self'", "connect-src 'self' ws://localhost:* ws://127.0.0.1:*"),
};

/**
 * `--mode probe` builds the test build (npm run build:probe): the renderer with the player probe
 * compiled in (renderer/src/reader/player-probe.ts, window.__aloudPlayer) for the end-to-end tests and
 * the benches, everything under out/probe/. A plain build leaves the probe out.
 */
export default defineConfig(({ mode }) => {
  const probe = mode === 'probe';
  const out = (part: string) => resolve(__dirname, probe ? `out/probe/${part}` : `out/${part}`);
  return {
    main: {
      build: {
        outDir: out('main'),
        rollupOptions: {
          input: {
            index: resolve(__dirname, 'electron/main/index.ts'),
            // The command line: the same core without Electron (bin/aloud.mjs imports it).
            cli: resolve(__dirname, 'electron/cli/main.ts'),
            // The built-in voice's worker thread, started by file name (electron/engine/worker-location.ts).
            'espeak-worker': resolve(__dirname, 'electron/engine/espeak-worker.ts'),
            // The natural (Piper) voices' worker thread, likewise.
            'natural-voice-worker': resolve(__dirname, 'electron/engine/natural-voice-worker.ts'),
            // The language detector's worker thread, likewise.
            'language-worker': resolve(__dirname, 'electron/engine/language-worker.ts'),
            // The library's writer of long texts, likewise.
            'reading-writer-worker': resolve(__dirname, 'electron/history/reading-writer-worker.ts'),
          },
          // Native and wasm-bearing packages are loaded from node_modules at run time, and pdf.js, which
          // loads its own worker module beside itself.
          external: ['better-sqlite3', '@echogarden/espeak-ng-emscripten', 'onnxruntime-node', 'selection-hook', /^pdfjs-dist(\/|$)/],
        },
      },
    },
    preload: {
      build: {
        outDir: out('preload'),
        rollupOptions: {
          input: { index: resolve(__dirname, 'electron/preload/index.ts') },
          // A sandboxed preload must be one CommonJS file.
          output: { format: 'cjs', entryFileNames: '[name].cjs', codeSplitting: false },
        },
      },
    },
    renderer: {
      root: resolve(__dirname, 'renderer'),
      plugins: [react(), devCsp],
      define: { __ALOUD_PROBE__: JSON.stringify(probe) },
      build: {
        outDir: out('renderer'),
        rollupOptions: {
          input: { index: resolve(__dirname, 'renderer/index.html') },
        },
      },
    },
  };
});
