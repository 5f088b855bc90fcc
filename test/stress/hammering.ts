// The hotkeys hammered: presses every 100 ms alternating read (a new selection each time), pause and
// stop, against a slow cloud voice (the OpenAI-compatible wire, streamed frame by frame). Afterwards:
// no connection left open, no reading left running or 'recording', and the library holds exactly
// what the settings say (stopped readings kept): every reading that sent audio, with every chunk the
// player got, and nothing else.
import { readdirSync } from 'node:fs';
import { createBuiltinVoice, DEFAULT_BUILTIN_VOICE } from '../../electron/engine/builtin-voice';
import { createOpenAiSynthesizer } from '../../electron/providers/openai';
import { createScriptedSynthesizer } from '../fakes/scripted-synthesizer';
import { startOpenAiFake } from '../fakes/openai-server';
import { speechFromSynthesizer } from '../fakes/spoken-audio';
import { check, newReport, seededRandom, sleep, tryCase, until, type FamilyReport, type StressOptions } from './report';
import { startedIds, startRig } from './rig';

export async function hammering(opts: StressOptions): Promise<FamilyReport> {
  const report = newReport('hammering');
  const presses = opts.scale === 'full' ? 200 : 60;
  const random = seededRandom(opts.seed);
  const speech = speechFromSynthesizer(createScriptedSynthesizer({ provider: 'speech', voices: ['v'], sampleRate: 24_000, msPerWord: 120 }), 'v');
  // Slow: a frame of 100 ms of audio every 15 ms, so a reading is still streaming when the next press comes.
  const fake = await startOpenAiFake({ speech, apiKey: 'k', frameBytes: 4800, frameDelayMs: 15 });
  const cloud = createOpenAiSynthesizer({ apiKey: 'k', baseUrl: fake.baseUrl, retry: { baseDelayMs: 5, maxDelayMs: 20 } });
  const builtin = createScriptedSynthesizer({ provider: 'builtin', voices: ['en-us'] });
  const rig = startRig({ builtin, builtinVoice: 'en-us', more: [cloud], defaultVoice: 'openai/alloy', stoppedReadings: 'keep', playerLagMs: 5 });
  const counts = { read: 0, pause: 0, stop: 0 };
  try {
    await tryCase(report, `${presses} presses in ${presses / 10} s`, async () => {
      for (let i = 0; i < presses; i++) {
        const r = random();
        if (r < 0.45) {
          counts.read++;
          rig.selection.text = `Press ${i} reads this. It has a second sentence, and a third one to keep the voice busy. The end of press ${i}.`;
          void rig.actions.readSelection();
        } else if (r < 0.75) {
          counts.pause++;
          rig.actions.togglePause();
        } else {
          counts.stop++;
          void rig.actions.stop();
        }
        await sleep(100);
      }
      await rig.actions.stop();
      await until(() => rig.core.readings.current() === null, 10_000, 'no reading left running');
      await rig.core.recorder!.idle();
      await fake.waitForNoConnections(5000);
    });

    const ids = startedIds(rig);
    await tryCase(report, 'no reading left running or recording', async () => {
      check(rig.core.readings.current() === null, 'a reading is still running');
      const recording = rig.store.list({ limit: 1000 }).filter((r) => r.status === 'recording');
      check(recording.length === 0, `${recording.length} readings left 'recording'`);
      const unended = ids.filter((id) => rig.ended(id) === undefined);
      check(unended.length === 0, `${unended.length} readings never ended`);
    });

    await tryCase(report, 'the library holds exactly the readings that sent audio, each with every chunk played', async () => {
      const saved = new Map(rig.store.list({ limit: 1000 }).map((r) => [r.id, r]));
      const heard = ids.filter((id) => (rig.chunks.get(id)?.length ?? 0) > 0);
      const missing = heard.filter((id) => !saved.has(id));
      const extra = [...saved.keys()].filter((id) => !heard.includes(id));
      const short = heard.filter((id) => saved.has(id) && saved.get(id)!.chunkCount < rig.chunks.get(id)!.length);
      const wrongStatus = heard.filter((id) => saved.has(id) && saved.get(id)!.status !== (rig.ended(id) === 'finished' ? 'complete' : 'stopped'));
      report.lost += missing.length + short.length;
      check(missing.length === 0, `${missing.length} readings heard but not saved`);
      check(short.length === 0, `${short.length} readings saved with fewer chunks than were played`);
      check(extra.length === 0, `${extra.length} readings saved that sent no audio (${extra.map((id) => `${saved.get(id)!.status}, ${saved.get(id)!.chunkCount} chunks, ended ${rig.ended(id)}`).join("; ")})`);
      check(wrongStatus.length === 0, `${wrongStatus.length} readings saved with a status other than how they ended`);
      report.figures['readings'] = `${ids.length} started, ${heard.length} heard, ${saved.size} saved`;
    });
  } finally {
    await rig.close();
    await fake.close();
  }
  report.figures['presses'] = `${counts.read} read, ${counts.pause} pause, ${counts.stop} stop`;
  if (process.platform === 'linux') await hammerTheBuiltinVoice(report, opts, random);
  return report;
}

/** Threads of this process: each worker thread is one (Linux). */
const threads = () => readdirSync('/proc/self/task').length;

/**
 * The same presses on the built-in voice, whose engine runs in a worker: afterwards the process has
 * no more threads than after its first reading (a cancelled or stuck run is ended, never left).
 */
async function hammerTheBuiltinVoice(report: FamilyReport, opts: StressOptions, random: () => number): Promise<void> {
  const voice = createBuiltinVoice();
  const rig = startRig({ builtin: voice, builtinVoice: DEFAULT_BUILTIN_VOICE, stoppedReadings: 'keep', playerLagMs: 5 });
  try {
    await tryCase(report, 'the built-in voice hammered: no worker beyond its one', async () => {
      rig.selection.text = 'A first reading starts the engine and its worker.';
      await rig.actions.readSelection();
      await until(() => rig.core.readings.current() === null, 30_000, 'the first reading to end');
      const before = threads();
      const presses = opts.scale === 'full' ? 100 : 30;
      for (let i = 0; i < presses; i++) {
        const r = random();
        if (r < 0.5) {
          rig.selection.text = `Press ${i}: the built-in voice reads this sentence, and then another one after it.`;
          void rig.actions.readSelection();
        } else if (r < 0.75) rig.actions.togglePause();
        else void rig.actions.stop();
        await sleep(100);
      }
      await rig.actions.stop();
      await until(() => rig.core.readings.current() === null, 10_000, 'no reading left running');
      await rig.core.recorder!.idle();
      const after = threads();
      report.figures['threads'] = `${before} after the first reading, ${after} after ${presses} presses`;
      check(after <= before, `${after - before} more threads than after the first reading`);
    });
  } finally {
    await rig.close();
    await voice.close();
  }
}
