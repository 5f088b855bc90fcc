// `aloud voices` in process, with the real engine modules, a fake catalogue on 127.0.0.1 and no real
// network: what it removes (the ids it prints), what it lists offline, and what it says when a
// source cannot be reached or a file is not a voice.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, statfsSync, writeFileSync, copyFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { startFakeCatalogue } from '../../test/fakes/piper-catalogue-server';
import { installTinyKokoro } from '../../test/support/tiny-kokoro';
import { mountTinyDisk } from '../../test/support/tiny-disk';
import { FIXTURE_VOICES, installTinyVoice, TINY_DUO_VOICE, TINY_VOICE } from '../../test/support/tiny-piper';
import { listInstalledVoices } from '../engine/installed-voices';
import { stagingFolder } from '../engine/voice-install';
import { runVoicesCommand, type VoicesDeps } from './voices-command';

/** No address anything listens on. */
const NOWHERE = 'http://127.0.0.1:9';

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

async function voices(args: string[], deps: Partial<VoicesDeps> & { folder: string }): Promise<Run> {
  let stdout = '';
  let stderr = '';
  const sink = (add: (s: string) => void) => new Writable({ write: (c: Buffer, _e, done) => (add(c.toString()), done()) });
  const code = await runVoicesCommand(
    args,
    { stdout: sink((s) => (stdout += s)), stderr: sink((s) => (stderr += s)) },
    { builtinVoices: () => Promise.resolve([]), catalogueUrl: `${NOWHERE}/piper`, kokoroSource: `${NOWHERE}/kokoro`, ...deps },
  );
  return { code, stdout, stderr };
}

let folder: string;
beforeEach(() => {
  folder = join(mkdtempSync(join(tmpdir(), 'aloud-voices-cli-')), 'voices');
});

describe('voices remove', () => {
  it('takes every id `aloud voices` prints: piper/KEY, piper/KEY#speaker and kokoro/NAME', async () => {
    await installTinyVoice(folder);
    await installTinyVoice(folder, TINY_DUO_VOICE);
    const kokoro = await installTinyKokoro(folder);
    const printed = (await voices([], { folder })).stdout.split('\n').filter(Boolean).map((line) => line.split(/\s+/)[0]!);
    expect(printed).toEqual([`piper/${TINY_VOICE}`, `piper/${TINY_DUO_VOICE}#ada`, `piper/${TINY_DUO_VOICE}#ben`, 'kokoro/af_heart', 'kokoro/ff_siwis']);

    expect(await voices(['remove', `piper/${TINY_DUO_VOICE}#ben`], { folder })).toEqual({ code: 0, stdout: `Removed ${TINY_DUO_VOICE} (all its speakers: ada, ben).\n`, stderr: '' });
    expect(await voices(['remove', 'kokoro/ff_siwis'], { folder })).toEqual({ code: 0, stdout: `Removed ${kokoro.key} (the Kokoro pack with af_heart, ff_siwis).\n`, stderr: '' });
    expect(await voices(['remove', `piper/${TINY_VOICE}`], { folder })).toEqual({ code: 0, stdout: `Removed ${TINY_VOICE}.\n`, stderr: '' });
    expect(listInstalledVoices(folder).voices).toEqual([]);
  });

  it('refuses a built-in voice, another provider and a voice not installed, each in one sentence', async () => {
    await installTinyKokoro(folder);
    const usage = 'Run `aloud voices --help` for usage.\n';
    expect(await voices(['remove', 'builtin/en-us'], { folder })).toEqual({ code: 2, stdout: '', stderr: `aloud: builtin/en-us is built into Aloud and cannot be removed; \`aloud voices remove\` takes a natural voice.\n${usage}` });
    expect((await voices(['remove', 'openai/alloy'], { folder })).stderr).toBe(`aloud: 'openai/alloy' is not a natural voice: \`aloud voices remove\` takes an id \`aloud voices\` lists under piper/ or kokoro/.\n${usage}`);
    expect((await voices(['remove', 'kokoro/af_nobody'], { folder })).stderr).toBe(`aloud: no Kokoro voice 'af_nobody' is installed (see \`aloud voices\`).\n${usage}`);
    expect((await voices(['remove', `piper/${TINY_VOICE}`], { folder })).stderr).toBe(`aloud: no natural voice '${TINY_VOICE}' is installed (see \`aloud voices\`).\n${usage}`);
  });

  it('deletes what an unfinished download left, even of a voice never installed', async () => {
    const staging = stagingFolder(folder, TINY_VOICE);
    mkdirSync(staging, { recursive: true });
    writeFileSync(join(staging, `${TINY_VOICE}.onnx.part`), Buffer.alloc(1500));
    expect(await voices(['remove', TINY_VOICE], { folder })).toEqual({ code: 0, stdout: `Removed what an unfinished download of ${TINY_VOICE} left (0.0 MB); ${TINY_VOICE} itself was not installed.\n`, stderr: '' });
    expect(existsSync(staging)).toBe(false);
  });

  describe('on a full disk', () => {
    const disk = mountTinyDisk(256);
    afterAll(() => disk?.unmount());

    it.skipIf(!disk)('deletes the part that filled it, and the room comes back', async () => {
      const voicesOnDisk = join(disk!.path, 'voices');
      const staging = stagingFolder(voicesOnDisk, TINY_VOICE);
      mkdirSync(staging, { recursive: true });
      const free = () => statfsSync(disk!.path).bavail;
      const before = free();
      // Filled to the last block, as an endless download left it before downloads were bounded.
      expect(() => writeFileSync(join(staging, `${TINY_VOICE}.onnx.part`), Buffer.alloc(1024 * 1024))).toThrow(/ENOSPC/);
      expect(free()).toBe(0);
      const removed = await voices(['remove', `piper/${TINY_VOICE}`], { folder: voicesOnDisk });
      expect(removed.code).toBe(0);
      expect(removed.stdout).toMatch(/^Removed what an unfinished download of en_US-tiny-low left \(0\.\d MB\)/);
      expect(free()).toBe(before);
    });
  });
});

describe('voices --available', () => {
  it('offline, lists what is known (the lists last fetched, the voices installed) and says in one sentence why', async () => {
    const offlineSentence = `aloud: Could not reach the voice catalogue at ${NOWHERE}/piper or Kokoro's repository at ${NOWHERE}/kokoro, so only the voices known from before are listed: check the network connection.\n`;
    expect(await voices(['--available'], { folder })).toEqual({ code: 0, stdout: '', stderr: offlineSentence });
    // Never fetched: only what is installed is known.
    await installTinyVoice(folder, TINY_DUO_VOICE);
    const first = await voices(['--available'], { folder });
    expect(first.code).toBe(0);
    expect(first.stderr).toBe(offlineSentence);
    expect(first.stdout).toMatch(new RegExp(`^${TINY_DUO_VOICE}\\s+English \\(United States\\)\\s+low\\s+2 speakers\\s+0\\.0 MB\\s+installed\n$`));

    const catalogue = await startFakeCatalogue([TINY_VOICE, TINY_DUO_VOICE]);
    const addresses = { catalogueUrl: catalogue.baseUrl, kokoroSource: catalogue.kokoroSource };
    let online: Run;
    try {
      online = await voices(['--available'], { folder, ...addresses });
      expect(online.stderr).toBe('');
      expect(online.stdout.split('\n').filter(Boolean)).toHaveLength(4); // two Piper voices, two Kokoro variants
    } finally {
      await catalogue.close();
    }
    // The catalogue gone, the same list as last fetched from these addresses, with the installed mark.
    const offline = await voices(['--available'], { folder, ...addresses });
    expect(offline.code).toBe(0);
    expect(offline.stdout).toBe(online.stdout);
    expect(offline.stderr).toBe(`aloud: Could not reach the voice catalogue at ${catalogue.baseUrl} or Kokoro's repository at ${catalogue.kokoroSource}, so only the voices known from before are listed: check the network connection.\n`);
  });
});

describe('voices install', () => {
  it("offline, Kokoro's install names Kokoro's repository and the option that changes it, not Settings", async () => {
    const r = await voices(['install', 'kokoro-82m-q8'], { folder });
    expect(r).toEqual({
      code: 1,
      stdout: '',
      stderr: `aloud: Could not reach Kokoro's repository at ${NOWHERE}/kokoro: check the network connection, or give a copy of Kokoro's repository with --kokoro-source URL.\n`,
    });
    const piper = await voices(['install', TINY_VOICE], { folder });
    expect(piper.stderr).toBe(`aloud: Could not reach the voice catalogue at ${NOWHERE}/piper/voices.json: check the network connection, or give a mirror's address with --catalogue URL.\n`);
  });

  it('refuses a file that is not a voice model in one sentence, and onnxruntime prints nothing of its own', () => {
    const downloads = mkdtempSync(join(tmpdir(), 'aloud-not-a-model-'));
    const model = join(downloads, 'en_US-notes-low.onnx');
    writeFileSync(model, 'hello\n');
    copyFileSync(join(FIXTURE_VOICES, `${TINY_VOICE}.onnx.json`), `${model}.json`);
    // A process of its own, so that what the native runtime writes to the real stderr is seen.
    const script = `import { runVoicesCommand } from ${JSON.stringify(join(import.meta.dirname, 'voices-command.ts'))};
process.exitCode = await runVoicesCommand(['install', ${JSON.stringify(model)}], process, { builtinVoices: async () => [], folder: ${JSON.stringify(folder)}, catalogueUrl: null, kokoroSource: null });`;
    const child = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { encoding: 'utf8', cwd: join(import.meta.dirname, '../..') });
    expect({ status: child.status, stdout: child.stdout, stderr: child.stderr }).toEqual({ status: 1, stdout: '', stderr: 'aloud: en_US-notes-low.onnx is not a voice model Aloud can load: it is not an ONNX model.\n' });
    expect(existsSync(folder) ? readdirSync(folder).filter((f) => !f.startsWith('.')) : []).toEqual([]);
  });
});
