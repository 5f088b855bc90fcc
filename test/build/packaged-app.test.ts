// The app as electron-builder packs it, checked without Electron: the files electron-builder.yml selects
// (its `files` patterns over the build output and the production node_modules of package-lock.json)
// are packed with @electron/asar, the asarUnpack patterns left outside the archive. Then, reading the
// archive as Electron's asar file system would: every module the main bundle, the engine workers and
// the preload load at run time resolves inside it; native modules are unpacked (they cannot load from
// inside an archive), only this platform's; the engine's data file is unpacked where its code reads
// it; the preload needs nothing but electron. (Electron loads worker_threads scripts from an asar since Electron 18.)
import { createRequire, builtinModules } from 'node:module';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, posix, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = join(__dirname, '../..');
const require = createRequire(import.meta.url);
const asar = require('@electron/asar') as {
  createPackageFromFiles(src: string, dest: string, files: string[], metadata?: object, options?: { unpack?: string }): Promise<void>;
  listPackage(archive: string, options?: object): string[];
  statFile(archive: string, file: string): { unpacked?: boolean; size?: number; files?: object };
  extractFile(archive: string, file: string): Buffer;
};
const yaml = require('js-yaml') as { load(s: string): unknown };
const { minimatch } = require('minimatch') as { minimatch(path: string, pattern: string, o?: object): boolean };

interface BuilderConfig {
  files: string[];
  asarUnpack: string[];
  linux: { files?: string[] };
  win: { files?: string[] };
  mac: { files?: string[] };
}
const config = yaml.load(readFileSync(join(root, 'electron-builder.yml'), 'utf8')) as BuilderConfig;
/** The platform section electron-builder adds to `files` when it packages for this machine. */
const platform = process.platform === 'win32' ? config.win : process.platform === 'darwin' ? config.mac : config.linux;
const ortPlatform = process.platform;

/** Every file below `dir`, relative to the project root (posix separators). */
function walk(dir: string): string[] {
  if (!existsSync(join(root, dir))) return [];
  return readdirSync(join(root, dir), { withFileTypes: true }).flatMap((e) => {
    const rel = posix.join(dir, e.name);
    return e.isDirectory() ? walk(rel) : e.isFile() ? [rel] : [];
  });
}

/** What electron-builder takes: the app's files by the `files` patterns, and the production node_modules. */
function selectedFiles(): string[] {
  const patterns = [...config.files, ...(platform.files ?? [])];
  const include = patterns.filter((p) => !p.startsWith('!'));
  const exclude = patterns.filter((p) => p.startsWith('!')).map((p) => p.slice(1));
  // A pattern that names a folder leaves out everything in it, as electron-builder reads it.
  const excluded = (f: string) => {
    const parts = f.split('/');
    const paths = parts.map((_, i) => parts.slice(0, i + 1).join('/'));
    return exclude.some((p) => paths.some((path) => minimatch(path, p, { dot: true })));
  };
  const app = ['out', 'build', 'package.json', 'LICENSE']
    .flatMap((p) => (existsSync(join(root, p)) && statSync(join(root, p)).isDirectory() ? walk(p) : [p]))
    .filter((f) => include.some((p) => minimatch(f, p, { dot: true })));
  const lock = JSON.parse(readFileSync(join(root, 'package-lock.json'), 'utf8')) as { packages: Record<string, { dev?: boolean; devOptional?: boolean }> };
  const production = Object.entries(lock.packages)
    .filter(([path, p]) => path.startsWith('node_modules/') && !p.dev && !p.devOptional)
    .flatMap(([path]) => walk(path));
  return [...app, ...production].filter((f) => !excluded(f));
}

let work: string;
let archive: string;
let entries: Set<string>;

/** Is this archive path a file in the archive? */
const inArchive = (p: string) => entries.has(`/${p}`) && statOf(p)?.files === undefined;
const statOf = (p: string) => {
  try {
    return asar.statFile(archive, p);
  } catch {
    return undefined;
  }
};

/** Module specifiers a bundle imports or requires, static and dynamic, following its relative imports. */
function bareImports(file: string, seen = new Set<string>()): Set<string> {
  const found = new Set<string>();
  if (seen.has(file)) return found;
  seen.add(file);
  const code = asar.extractFile(archive, file).toString('utf8');
  // Statements only: a comment may say "must come from 'self'".
  for (const re of [/^\s*(?:import|export)\b[^'"]*?\bfrom\s*["']([^"']+)["']/gm, /\bimport\s*\(\s*["']([^"']+)["']\s*\)/g, /\brequire\s*\(\s*["']([^"']+)["']\s*\)/g, /^\s*import\s*["']([^"']+)["']/gm]) {
    for (const m of code.matchAll(re)) {
      const spec = m[1]!;
      // Words in a message that look like `from "x"` are not imports.
      if (!/^[\w@./:-]+$/u.test(spec)) continue;
      if (spec.startsWith('.')) bareImports(posix.join(posix.dirname(file), spec), seen).forEach((s) => found.add(s));
      else found.add(spec);
    }
  }
  return found;
}

/** Resolves a bare module from `fromDir` inside the archive as Node does (node_modules up the tree, package main/exports). */
function resolveInArchive(spec: string, fromDir: string): string | null {
  const [scopeOrName, maybeName] = spec.split('/');
  const name = scopeOrName!.startsWith('@') ? `${scopeOrName}/${maybeName}` : scopeOrName!;
  const subpath = spec.slice(name.length + 1);
  for (let dir = fromDir; ; dir = posix.dirname(dir)) {
    const pkgDir = posix.join(dir === '.' ? '' : dir, 'node_modules', name);
    if (inArchive(posix.join(pkgDir, 'package.json'))) {
      const pkg = JSON.parse(asar.extractFile(archive, posix.join(pkgDir, 'package.json')).toString('utf8')) as { main?: string; exports?: unknown };
      const target = subpath || pkg.main || 'index.js';
      for (const candidate of [target, `${target}.js`, posix.join(target, 'index.js')]) {
        const file = posix.normalize(posix.join(pkgDir, candidate));
        if (inArchive(file)) return file;
      }
      return null;
    }
    if (dir === '.' || dir === '') return null;
  }
}

const isBuiltin = (spec: string) => spec.startsWith('node:') || builtinModules.includes(spec.split('/')[0]!);

describe('the packaged app (app.asar as electron-builder.yml makes it)', () => {
  beforeAll(async () => {
    expect(existsSync(join(root, 'out/main/index.js')), 'run npm run build first').toBe(true);
    work = mkdtempSync(join(tmpdir(), 'aloud-asar-'));
    archive = join(work, 'app.asar');
    const files = selectedFiles().map((f) => join(root, f));
    const unpack = `{${config.asarUnpack.map((p) => join(root, p)).join(',')}}`;
    await asar.createPackageFromFiles(root, archive, files, {}, { unpack });
    entries = new Set(asar.listPackage(archive, { isPack: false }).map((e) => e.split('\\').join('/')));
  });

  afterAll(() => {
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it('holds the main bundle, the command line, the engine workers beside them, the preload, the renderer and the tray icons', () => {
    for (const f of ['package.json', 'out/main/index.js', 'out/main/cli.js', 'out/main/espeak-worker.js', 'out/main/natural-voice-worker.js', 'out/main/language-worker.js', 'out/main/reading-writer-worker.js', 'out/preload/index.cjs', 'out/renderer/index.html', 'build/tray/tray.png']) {
      expect(inArchive(f), f).toBe(true);
    }
    // No test build, source maps or TypeScript came along.
    expect([...entries].filter((e) => e.startsWith('/out/probe/') || e.endsWith('.map') || e.endsWith('.ts'))).toEqual([]);
    // package.json's main is what Electron starts.
    const pkg = JSON.parse(asar.extractFile(archive, 'package.json').toString('utf8')) as { main: string };
    expect(inArchive(pkg.main)).toBe(true);
  });

  it('resolves every module the main bundle and the engine workers load, inside the archive', () => {
    // An optional dependency this platform leaves out (selection-hook on Linux) is loaded in a try: the app goes on without it.
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { optionalDependencies?: Record<string, string> };
    const leftOut = Object.keys(pkg.optionalDependencies ?? {}).filter((m) => (platform.files ?? []).includes(`!node_modules/${m}/**`));
    for (const entry of ['out/main/index.js', 'out/main/espeak-worker.js', 'out/main/natural-voice-worker.js', 'out/main/reading-writer-worker.js']) {
      const modules = [...bareImports(entry)].filter((m) => !isBuiltin(m) && m !== 'electron' && !leftOut.includes(m));
      expect(modules.length, entry).toBeGreaterThan(0);
      for (const m of modules) expect(resolveInArchive(m, posix.dirname(entry)), `${entry} imports ${m}`).not.toBeNull();
    }
    // Left out means left out: none of its files are in the archive.
    for (const m of leftOut) expect([...entries].filter((e) => e.startsWith(`/node_modules/${m}/`)), m).toEqual([]);
  });

  it('unpacks every native module, and the engine files read with fs, where the code looks for them', () => {
    const natives = [...entries].filter((e) => e.endsWith('.node')).map((e) => e.slice(1));
    expect(natives).toContain('node_modules/better-sqlite3/build/Release/better_sqlite3.node');
    // onnxruntime-node's binding for this platform only, with the runtime library it loads beside it.
    const ortNatives = natives.filter((n) => n.startsWith('node_modules/onnxruntime-node/'));
    expect(ortNatives.length).toBeGreaterThan(0);
    for (const n of ortNatives) expect(n.split('/')[4], n).toBe(ortPlatform);
    for (const n of ortNatives) {
      const libs = readdirSync(join(`${archive}.unpacked`, posix.dirname(n))).filter((f) => /onnxruntime\.(dll|.*dylib|so)/.test(f));
      expect(libs.length, n).toBeGreaterThan(0);
    }
    for (const n of natives) {
      expect(statOf(n)?.unpacked, `${n} must be unpacked`).toBe(true);
      expect(existsSync(join(`${archive}.unpacked`, n)), `${n} on disk`).toBe(true);
    }
    // better-sqlite3 finds its binding through `bindings`, relative to its own package: in the archive's
    // view of the tree (Electron redirects the unpacked file).
    expect(resolveInArchive('bindings', 'node_modules/better-sqlite3')).not.toBeNull();
    for (const f of ['node_modules/@echogarden/espeak-ng-emscripten/espeak-ng.data', 'node_modules/@echogarden/espeak-ng-emscripten/espeak-ng.js']) {
      expect(statOf(f)?.unpacked, f).toBe(true);
      const onDisk = join(`${archive}.unpacked`, f);
      expect(statSync(onDisk).size).toBe(statSync(join(root, f)).size);
    }
  });

  it('gives the sandboxed preload nothing to require but electron', () => {
    expect([...bareImports('out/preload/index.cjs')]).toEqual(['electron']);
  });

  it('leaves nothing unpacked that no asarUnpack pattern asked for', () => {
    const unpacked = walkAbsolute(`${archive}.unpacked`).map((f) => relative(`${archive}.unpacked`, f).split('\\').join('/'));
    for (const f of unpacked) expect(config.asarUnpack.some((p) => minimatch(f, p)), f).toBe(true);
  });
});

function walkAbsolute(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walkAbsolute(join(dir, e.name)) : [join(dir, e.name)]));
}

