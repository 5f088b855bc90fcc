import { resolve } from 'node:path';
import { defineConfig } from 'vitest/config';

const e2e = 'test/e2e/**/*.test.ts';
const outside = ['node_modules/**', 'out/**', 'dist/**', 'release/**'];

export default defineConfig({
  resolve: {
    // No test may load the real Electron module: it has no binary on these machines.
    alias: { electron: resolve(import.meta.dirname, 'test/fakes/electron.ts') },
  },
  test: {
    globals: true,
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    reporters: ['default', './test/summary-reporter.ts'],
    setupFiles: ['./test/setup-fast-check.ts', './test/setup-data-dir.ts'],
    projects: [
      {
        extends: true,
        test: { name: 'unit', include: ['**/*.test.ts', '**/*.test.tsx'], exclude: [...outside, e2e], sequence: { groupOrder: 0 } },
      },
      // Chromium tests assert on real-time audio (zero underruns), so they run after the rest and one
      // file at a time: two browsers and the unit tests sharing two cores starve the audio thread.
      { extends: true, test: { name: 'e2e', include: [e2e], exclude: outside, fileParallelism: false, sequence: { groupOrder: 1 } } },
    ],
  },
});
