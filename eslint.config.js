// The layering rule (DESIGN.md) is enforced here so it cannot rot:
//   shared/    imports nothing from the other layers, nor Node or Electron;
//   renderer/  reaches main only through the preload API: no Node, no Electron, no electron/ code;
//   electron/  only electron/main and electron/preload may import the `electron` module;
// and inside the main process every arrow points down (the table in DESIGN.md):
//   speech     the text pipeline and the Synthesizer port: knows no voice, no store, no core;
//   engine     local voices, and providers, the cloud adapters: only the port (speech), never each other;
//   history    a store: knows no speech, no voice, no core;
//   settings   the provider registry (the one place that knows every adapter) and the port;
//   service    the core that composes speech, history and settings: no voice module directly;
//   cli        the command line: service, speech, history, engine; no settings or adapters.
// Tests of a part may use what they need to drive it (the real built-in voice, fakes).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const electronModule = { regex: '^electron(/.*)?$', message: 'Only electron/main and electron/preload may import electron.' };
const nodeBuiltins = { regex: '^node:', message: 'This layer runs in the browser: no Node built-ins.' };
const electronLayer = { regex: '(^|/)electron/', message: 'Reach the main process through the preload API (window.aloud).' };
const rendererLayer = { regex: '(^|/)renderer/', message: 'Main-process code must not import the renderer.' };
const testLayer = { regex: '(^|/)test/', message: 'Product code must not import tests.' };

const restrict = (patterns) => ({ 'no-restricted-imports': ['error', { patterns }] });
/** The main-process parts one part may not import. */
const parts = (...names) =>
  names.map((name) => ({ regex: `(^|/)(electron/)?${name}/`, message: `This part may not import electron/${name}/ (see the layering table in DESIGN.md).` }));
/** An inner rule for a part's product code (eslint takes one no-restricted-imports per file: repeat the outer ones). */
const inner = (folder, ...names) => ({
  files: [`electron/${folder}/**`],
  ignores: tests,
  rules: restrict([electronModule, rendererLayer, testLayer, ...parts(...names)]),
});
const tests = ['**/*.test.ts', '**/*.test.tsx'];
/** A layer's rule, plus the same rule for its tests, which may also use test/ fakes. */
function layer(files, ...args) {
  const ignores = Array.isArray(args.at(-1)) ? args.pop() : [];
  return [
    { files, ignores: [...ignores, ...tests], rules: restrict([...args, testLayer]) },
    { files: files.flatMap((f) => tests.map((t) => `${f.replace(/\*\*$/, '')}${t}`)), ignores, rules: restrict(args) },
  ];
}

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'release/**', 'node_modules/**', 'coverage/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { ecmaVersion: 2023, sourceType: 'module' },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  ...layer(['shared/**'], electronModule, nodeBuiltins, electronLayer, rendererLayer, {
    regex: '^(react|better-sqlite3|@echogarden/.*)$',
    message: 'shared/ is plain code used by both sides.',
  }),
  ...layer(['renderer/**'], electronModule, nodeBuiltins, electronLayer),
  ...layer(['electron/**'], electronModule, rendererLayer, ['electron/main/**', 'electron/preload/**']),
  ...layer(['electron/main/**', 'electron/preload/**'], rendererLayer),
  inner('speech', 'engine', 'providers', 'history', 'settings', 'service', 'cli', 'main'),
  inner('engine', 'providers', 'history', 'settings', 'service', 'cli', 'main'),
  inner('providers', 'engine', 'history', 'settings', 'service', 'cli', 'main'),
  inner('history', 'speech', 'engine', 'providers', 'settings', 'service', 'cli', 'main'),
  inner('settings', 'engine', 'history', 'service', 'cli', 'main'),
  inner('service', 'engine', 'providers', 'cli', 'main'),
  inner('cli', 'providers', 'settings', 'main'),
);
