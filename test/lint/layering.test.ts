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

  describe('inside the main process, every arrow points down', () => {
    const imp = (from: string) => `import { x } from '${from}';\nexport const y = x;\n`;
    it.each([
      ['electron/speech/x.ts', ['../engine/builtin-voice', '../providers/inworld', '../history/library-store', '../settings/provider-settings', '../service/aloud-core']],
      ['electron/engine/x.ts', ['../providers/http', '../history/library-store', '../settings/provider-registry', '../service/aloud-core']],
      ['electron/providers/x.ts', ['../engine/builtin-voice', '../history/library-store', '../settings/provider-settings', '../service/reading-service']],
      ['electron/history/x.ts', ['../speech/reading', '../speech/segment-text', '../engine/builtin-voice', '../service/reading-cache', '../settings/provider-settings']],
      ['electron/settings/x.ts', ['../service/settings-service', '../history/library-store', '../engine/builtin-voice']],
      ['electron/service/x.ts', ['../engine/builtin-voice', '../providers/inworld', '../main/actions', '../cli/say']],
      ['electron/cli/x.ts', ['../providers/openai', '../settings/provider-settings', '../main/main-app']],
    ])('%s may not import %j', async (file, forbidden) => {
      for (const from of forbidden) expect(await restrictedImports(file, imp(from)), `${file} importing ${from}`).toHaveLength(1);
    });

    it.each([
      ['electron/engine/x.ts', ['../speech/synthesizer', '../speech/synthesis-error', '../../shared/chunk']],
      ['electron/providers/x.ts', ['../speech/synthesizer', '../speech/synthesis-error', '../../shared/audio/wav']],
      ['electron/history/x.ts', ['./library-store', '../../shared/chunk', './audio/opus-codec']],
      ['electron/settings/x.ts', ['../providers/inworld', '../speech/synthesizer']],
      ['electron/service/x.ts', ['../speech/reading', '../history/library-store', '../settings/provider-settings']],
      ['electron/cli/x.ts', ['../service/service-error', '../engine/builtin-voice', '../history/library-store', '../speech/reading']],
      ['electron/main/x.ts', ['../engine/builtin-voice', '../settings/provider-settings', '../service/aloud-core', '../history/library-store']],
    ])('%s may import %j', async (file, allowed) => {
      for (const from of allowed) expect(await restrictedImports(file, imp(from)), `${file} importing ${from}`).toEqual([]);
    });

    it("lets a part's tests use what drives it (the real built-in voice in a service test)", async () => {
      expect(await restrictedImports('electron/service/x.test.ts', imp('../engine/builtin-voice'))).toEqual([]);
      expect(await restrictedImports('electron/service/x.ts', imp('../engine/builtin-voice'))).toHaveLength(1);
    });
  });
});
