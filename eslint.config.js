// The layering rule (DESIGN.md) is enforced here so it cannot rot:
//   shared/    imports nothing from the other layers, nor Node or Electron;
//   renderer/  reaches main only through the preload API: no Node, no Electron, no electron/ code;
//   electron/  only electron/main and electron/preload may import the `electron` module.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const electronModule = { regex: '^electron(/.*)?$', message: 'Only electron/main and electron/preload may import electron.' };
const nodeBuiltins = { regex: '^node:', message: 'This layer runs in the browser: no Node built-ins.' };
const electronLayer = { regex: '(^|/)electron/', message: 'Reach the main process through the preload API (window.aloud).' };
const rendererLayer = { regex: '(^|/)renderer/', message: 'Main-process code must not import the renderer.' };
const testLayer = { regex: '(^|/)test/', message: 'Product code must not import tests.' };

const restrict = (patterns) => ({ 'no-restricted-imports': ['error', { patterns }] });
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
);
