// What `npm run build` must produce (npm test builds before running this), and the import rules the
// bundles must keep: the sandboxed preload requires only electron, and the command line never
// reaches Electron (it runs in plain Node).
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const out = join(__dirname, '../../out');

/** Module specifiers a bundle imports or requires (static and dynamic). */
function importsOf(file: string): string[] {
  const code = readFileSync(file, 'utf8');
  const found = new Set<string>();
  for (const re of [/\bfrom\s*["']([^"']+)["']/g, /\bimport\s*\(\s*["']([^"']+)["']\s*\)/g, /\brequire\s*\(\s*["']([^"']+)["']\s*\)/g, /^\s*import\s*["']([^"']+)["']/gm]) {
    for (const m of code.matchAll(re)) found.add(m[1]!);
  }
  return [...found];
}

/** Every bare module a bundle reaches, following its relative imports through shared chunks. */
function reachableModules(entry: string, seen = new Set<string>()): Set<string> {
  const bare = new Set<string>();
  if (seen.has(entry)) return bare;
  seen.add(entry);
  for (const spec of importsOf(entry)) {
    if (spec.startsWith('.')) reachableModules(resolve(dirname(entry), spec), seen).forEach((m) => bare.add(m));
    else bare.add(spec);
  }
  return bare;
}

describe('the build output', () => {
  it('has the main, command-line, preload and renderer bundles', () => {
    for (const f of ['main/index.js', 'main/cli.js', 'preload/index.cjs', 'renderer/index.html']) {
      expect(existsSync(join(out, f)), `${f} is missing: run npm run build`).toBe(true);
    }
  });

  it('the preload is one CommonJS file that requires nothing but electron', () => {
    const file = join(out, 'preload/index.cjs');
    expect(importsOf(file)).toEqual(['electron']);
    expect(readFileSync(file, 'utf8')).not.toMatch(/^\s*(import|export)\s/m);
  });

  it('the command line never loads electron', () => {
    const modules = reachableModules(join(out, 'main/cli.js'));
    expect([...modules].filter((m) => m === 'electron' || m.startsWith('electron/'))).toEqual([]);
  });

  it('the app entry loads electron', () => {
    expect(reachableModules(join(out, 'main/index.js')).has('electron')).toBe(true);
  });

  it('ships the player probe only in the test build (npm run build:probe), never in the app', () => {
    const scripts = (dir: string) =>
      readdirSync(join(dir, 'assets'))
        .filter((f) => f.endsWith('.js'))
        .map((f) => readFileSync(join(dir, 'assets', f), 'utf8'))
        .join('\n');
    expect(scripts(join(out, 'renderer'))).not.toContain('__aloudPlayer');
    expect(scripts(join(out, 'probe/renderer'))).toContain('__aloudPlayer');
  });
});
