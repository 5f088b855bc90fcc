// A long reading (two hours of audio at full size, ten minutes in npm test) played through the core
// with the library recording it, by a player whose clock runs many times faster than real time. It
// reports its segment as it goes, so synthesis stays only a little ahead, as in the app. After the
// warm-up the core's heap and RSS stay flat; the player never waits for audio; the last word is
// highlighted exactly where the voice put it, live and when replayed from the library.
import { runInNewContext } from 'node:vm';
import { setFlagsFromString } from 'node:v8';
import { readingWords } from '../../electron/history/export/export-reading';
import { createScriptedSynthesizer } from '../fakes/scripted-synthesizer';
import { check, newReport, sleep, tryCase, until, type FamilyReport, type StressOptions } from './report';
import { startedIds, startRig } from './rig';

const MS_PER_WORD = 400;
const FRAME_MS = 1000 / 60;

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;
const MB = 1024 * 1024;

function memory(): { heap: number; rss: number; external: number } {
  gc();
  gc();
  const m = process.memoryUsage();
  return { heap: m.heapUsed, rss: m.rss, external: m.external };
}

export async function longReading(opts: StressOptions): Promise<FamilyReport> {
  const report = newReport('long-reading');
  const audioMs = opts.scale === 'full' ? 2 * 3600_000 : 10 * 60_000;
  const speedup = opts.scale === 'full' ? 100 : 60;
  const words = Math.round(audioMs / MS_PER_WORD);
  const sentences: string[] = [];
  for (let w = 0; w < words; w += 12) sentences.push(`${Array.from({ length: Math.min(12, words - w) }, (_, i) => `word${w + i}`).join(' ')}.`);
  const text = sentences.join(' ');
  const builtin = createScriptedSynthesizer({ provider: 'builtin', voices: ['en-us'], sampleRate: 8000, msPerWord: MS_PER_WORD });
  const rig = startRig({ builtin, builtinVoice: 'en-us', manualPlayer: true });
  let underruns = 0;
  try {
    await tryCase(report, `${audioMs / 60_000} minutes of audio at ${speedup}x`, async () => {
      await rig.actions.readText(text);
      const id = startedIds(rig)[0]!;
      const received = () => rig.chunks.get(id) ?? [];
      await until(() => received().length > 0, 30_000, 'the first audio');
      let clock = 0;
      let last = performance.now();
      let starved = false;
      let warm: ReturnType<typeof memory> | null = null;
      let half: ReturnType<typeof memory> | null = null;
      let reported = -1;
      while (rig.ended(id) === undefined || clock < bufferedMs(received())) {
        await sleep(5);
        const now = performance.now();
        const buffered = bufferedMs(received());
        clock = Math.min(clock + (now - last) * speedup, buffered);
        last = now;
        // The clock caught up with the audio while the reading goes on: the player would go silent.
        const waiting = clock >= buffered && rig.ended(id) === undefined;
        if (waiting && !starved) underruns++;
        starved = waiting;
        const segment = segmentAt(received(), clock);
        if (segment > reported) {
          reported = segment;
          rig.core.readings.progress(id, segment);
        }
        if (!warm && clock > audioMs * 0.1) warm = memory();
        if (!half && clock > audioMs * 0.5) half = memory();
      }
      check(rig.ended(id) === 'finished', `the reading ended '${rig.ended(id)}'`);
      await rig.core.readings.played(id);
      await rig.core.recorder!.idle();
      const end = memory();
      const heapGrowth = (end.heap - warm!.heap) / MB;
      const rssGrowth = (end.rss - warm!.rss) / MB;
      report.figures['heap growth after warm-up'] = `${heapGrowth.toFixed(1)} MB`;
      report.figures['RSS growth'] = `${rssGrowth.toFixed(1)} MB (${((half!.rss - warm!.rss) / MB).toFixed(1)} MB by half way; external ${((end.external - warm!.external) / MB).toFixed(1)} MB)`;
      check(heapGrowth < 10, `the heap grew ${heapGrowth.toFixed(1)} MB after warm-up`);
      // RSS also counts what glibc's per-thread malloc arenas keep of memory already freed (the
      // audio buffers of each chunk): 18 MB over ten minutes here, 0.5 MB with MALLOC_ARENA_MAX=1,
      // the heap and external memory flat either way. So RSS is judged where the arenas are one.
      if (process.env.MALLOC_ARENA_MAX === '1') check(rssGrowth < 10, `RSS grew ${rssGrowth.toFixed(1)} MB after warm-up`);
      else report.figures['RSS growth'] += ' (glibc arenas included; MALLOC_ARENA_MAX=1 judges it)';

      // Exact to the sample: word k starts at k x 400 ms in this voice, the last one included.
      const live = received().flatMap((c) => c.words);
      const lastWord = live.at(-1)!;
      check(live.length === words, `${live.length} words highlighted of ${words}`);
      check(Math.abs(lastWord.startMs - (words - 1) * MS_PER_WORD) < FRAME_MS, `the last word lit at ${lastWord.startMs} ms, not ${(words - 1) * MS_PER_WORD} ms`);
      const saved = rig.store.get(id)!;
      const replayed = readingWords(rig.store, id);
      report.lost += Math.max(0, words - replayed.length);
      check(saved.status === 'complete', `saved as '${saved.status}'`);
      check(Math.abs(saved.durationMs - audioMs) < FRAME_MS, `saved ${saved.durationMs} ms of ${audioMs} ms`);
      check(replayed.length === words && Math.abs(replayed.at(-1)!.startMs - lastWord.startMs) < 0.5, 'the library replays other word times than were heard');
    });
  } finally {
    await rig.close();
  }
  report.figures['underruns'] = String(underruns);
  if (opts.scale === 'full' && underruns > 0) report.failures.push(`the player waited for audio ${underruns} times`);
  return report;
}

function bufferedMs(chunks: readonly { startMs: number; durationMs: number }[]): number {
  const last = chunks.at(-1);
  return last ? last.startMs + last.durationMs : 0;
}

/** The segment of the chunk playing at `clock`. */
function segmentAt(chunks: readonly { startMs: number; durationMs: number; segment: number }[], clock: number): number {
  for (let i = chunks.length - 1; i >= 0; i--) if (chunks[i]!.startMs <= clock) return chunks[i]!.segment;
  return 0;
}
