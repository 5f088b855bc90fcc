// The layering rule from DESIGN.md lives in eslint.config.js; these prove it bites where it should.
import { ESLint } from 'eslint';

const eslint = new ESLint({ cwd: process.cwd() });

async function restrictedImports(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? []).filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

describe('the layering rule', () => {
  it('lets only electron/main and electron/preload import electron', async () => {
    const code = "import { app } from 'electron';\nexport const a = app;\n";
    expect(await restrictedImports('electron/main/x.ts', code)).toEqual([]);
    expect(await restrictedImports('electron/preload/x.ts', code)).toEqual([]);
    expect(await restrictedImports('electron/speech/x.ts', code)).toHaveLength(1);
    expect(await restrictedImports('electron/history/x.ts', code)).toHaveLength(1);
    expect(await restrictedImports('renderer/src/x.ts', code)).toHaveLength(1);
    expect(await restrictedImports('shared/x.ts', code)).toHaveLength(1);
  });

  it('keeps the renderer to the preload API: no Node, no main-process code', async () => {
    expect(await restrictedImports('renderer/src/x.ts', "import { readFile } from 'node:fs';\nexport const r = readFile;\n")).toHaveLength(1);
    expect(
      await restrictedImports('renderer/src/x.tsx', "import { startReading } from '../../electron/speech/reading';\nexport const s = startReading;\n"),
    ).toHaveLength(1);
    expect(await restrictedImports('renderer/src/x.ts', "import { chunkSchema } from '../../shared/chunk';\nexport const c = chunkSchema;\n")).toEqual([]);
  });

  it('keeps shared/ free of every other layer', async () => {
    expect(await restrictedImports('shared/x.ts', "import { x } from '../electron/speech/reading';\nexport const y = x;\n")).toHaveLength(1);
    expect(await restrictedImports('shared/x.ts', "import { x } from '../renderer/src/app';\nexport const y = x;\n")).toHaveLength(1);
    expect(await restrictedImports('shared/x.ts', "import { join } from 'node:path';\nexport const j = join;\n")).toHaveLength(1);
    expect(await restrictedImports('shared/x.ts', "import { z } from 'zod';\nexport const s = z.string();\n")).toEqual([]);
  });

  it('keeps main-process code from importing the renderer or tests, but lets tests use fakes', async () => {
    expect(await restrictedImports('electron/main/x.ts', "import { App } from '../../renderer/src/app';\nexport const a = App;\n")).toHaveLength(1);
    const fake = "import { fake } from '../../test/fakes/electron';\nexport const f = fake;\n";
    expect(await restrictedImports('electron/speech/x.ts', fake)).toHaveLength(1);
    expect(await restrictedImports('electron/speech/x.test.ts', fake)).toEqual([]);
    expect(
      await restrictedImports('electron/speech/x.test.ts', "import { app } from 'electron';\nexport const a = app;\n"),
    ).toHaveLength(1);
  });
});
