// Export of saved readings: WAV, a compressed file (the stored Opus muxed into Ogg without re-encoding
// where possible; a provider's MP3 as it came), captions (SRT, WebVTT) and the text. Several readings
// go into a folder, one file per reading and format.
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { WordTiming } from '../../../shared/chunk';
import { OpusStreamEncoder } from '../audio/opus-codec';
import { opusPacketSamples } from '../../../shared/audio/ogg-pages';
import { muxOggOpus } from '../../../shared/audio/ogg-opus-writer';
import { unpackPackets } from '../audio/packed-packets';
import { encodeWav } from '../../../shared/audio/wav';
import type { LibraryStore } from '../library-store';
import { readingPcm } from '../replay';
import { buildCues, toSrt, toVtt, type Cue } from './captions';
import { writtenWords } from './written-words';

export type ExportFormat = 'wav' | 'compressed' | 'srt' | 'vtt' | 'txt';
export const EXPORT_FORMATS: readonly ExportFormat[] = ['wav', 'compressed', 'srt', 'vtt', 'txt'];

export interface ExportedFile {
  /** File extension without the dot: wav, opus, mp3, srt, vtt, txt. */
  ext: string;
  mime: string;
  bytes: Uint8Array;
}

function reading(store: LibraryStore, id: string) {
  const r = store.get(id);
  if (!r) throw new Error(`No reading ${id} in the library.`);
  return r;
}

/** Every word of a reading, in time order, with its text as the user saw it in the original. */
export function readingWords(store: LibraryStore, id: string): WordTiming[] {
  const r = reading(store, id);
  return store
    .chunks(r.rid)
    .flatMap((c) => c.words)
    .map((w) => ({ ...w, text: r.text.slice(w.charStart, w.charEnd) || w.text }));
}

/** A reading's captions: its text as written, in cues timed by the words spoken. */
function readingCues(store: LibraryStore, id: string): Cue[] {
  const r = reading(store, id);
  const spoken = store.chunks(r.rid).flatMap((c) => c.words.map((w) => ({ ...w, segment: c.segment })));
  return buildCues(writtenWords(r.text, spoken));
}

export async function exportReading(store: LibraryStore, id: string, format: ExportFormat): Promise<ExportedFile> {
  const r = reading(store, id);
  const text = (s: string, ext: string, mime: string): ExportedFile => ({ ext, mime, bytes: new TextEncoder().encode(s) });
  switch (format) {
    case 'txt':
      return text(r.text.endsWith('\n') ? r.text : `${r.text}\n`, 'txt', 'text/plain');
    case 'srt':
      return text(toSrt(readingCues(store, id)), 'srt', 'application/x-subrip');
    case 'vtt':
      return text(toVtt(readingCues(store, id)), 'vtt', 'text/vtt');
    case 'wav':
      return { ext: 'wav', mime: 'audio/wav', bytes: encodeWav(await readingPcm(store, id)) };
    case 'compressed':
      return compressed(store, id, r.rid);
  }
}

async function compressed(store: LibraryStore, id: string, rid: number): Promise<ExportedFile> {
  const chunks = store.chunks(rid);
  const streams = store.streams(rid);
  if (chunks.length > 0 && chunks.every((c) => c.encoded?.mime === 'audio/mpeg')) {
    // MP3 frames concatenate into a valid file: the provider's own bytes, untouched.
    const parts = chunks.map((c) => c.encoded!.bytes);
    const bytes = new Uint8Array(parts.reduce((a, p) => a + p.length, 0));
    let o = 0;
    for (const p of parts) {
      bytes.set(p, o);
      o += p.length;
    }
    return { ext: 'mp3', mime: 'audio/mpeg', bytes };
  }
  const s = streams[0];
  if (s && streams.length === 1 && chunks.every((c) => c.stream)) {
    // The stored Opus packets as they are: no second generation of loss, no encoding time.
    const packets: Uint8Array[] = [];
    for (let from = 0; ; ) {
      const blocks = store.blocks(rid, s.streamNo, from, 256);
      if (blocks.length === 0) break;
      for (const b of blocks) packets.push(...unpackPackets(b.packets));
      from = blocks.at(-1)!.blockNo + 1;
    }
    const to48 = 48000 / s.codecRate;
    const preSkip = Math.round(s.preSkip * to48);
    const frames = chunks.reduce((a, c) => a + c.stream!.sampleCount, 0);
    const wanted = Math.round((frames * 48000) / s.sampleRate);
    const have = packets.reduce((a, p) => a + opusPacketSamples(p), 0) - preSkip;
    const bytes = muxOggOpus({ channels: s.channels, preSkip, inputSampleRate: s.sampleRate }, packets, Math.max(0, Math.min(wanted, have)));
    return { ext: 'opus', mime: 'audio/ogg; codecs=opus', bytes };
  }
  // Mixed formats: decode what can be decoded and encode it once more.
  const pcm = await readingPcm(store, id);
  const enc = new OpusStreamEncoder({ sampleRate: pcm.sampleRate, channels: pcm.channels });
  const packets = [...(await enc.encode(pcm.samples)), ...(await enc.finish())];
  const frames = pcm.samples.length / pcm.channels;
  const bytes = muxOggOpus(
    { channels: pcm.channels, preSkip: Math.round((enc.preSkip * 48000) / enc.opusRate), inputSampleRate: pcm.sampleRate },
    packets,
    Math.round((frames * 48000) / pcm.sampleRate),
  );
  return { ext: 'opus', mime: 'audio/ogg; codecs=opus', bytes };
}

/** A file name that sorts by date and says what it is: 2026-11-21-1903-the-library-keeps-ab12cd34. */
export function exportBaseName(store: LibraryStore, id: string): string {
  const r = reading(store, id);
  const d = new Date(r.createdAt);
  const pad = (n: number) => String(n).padStart(2, '0');
  const stamp = `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}-${pad(d.getHours())}${pad(d.getMinutes())}`;
  const full = r.preview
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+/, '');
  // At most 40 characters, cut between words.
  const cut = full.slice(0, 41);
  const slug = (full.length > 40 && cut.lastIndexOf('-') > 10 ? cut.slice(0, cut.lastIndexOf('-')) : cut.slice(0, 40)).replace(/-+$/, '');
  const tag = id.replace(/[^A-Za-z0-9]/g, '').slice(0, 8) || 'reading';
  return [stamp, slug, tag].filter(Boolean).join('-');
}

/**
 * A file under its real name is always whole: it is written beside as NAME.part and renamed once
 * complete, and a write that fails (a full disk) removes its part. Only a kill mid-write can leave a
 * .part, never a truncated file under the real name.
 */
async function writeWhole(path: string, bytes: Uint8Array): Promise<void> {
  const part = `${path}.part`;
  try {
    await writeFile(part, bytes);
    await rename(part, path);
  } catch (err) {
    await rm(part, { force: true });
    throw err;
  }
}

/** Writes each reading in each format into `folder`; returns the paths written. */
export async function exportReadings(store: LibraryStore, ids: string[], folder: string, formats: readonly ExportFormat[]): Promise<string[]> {
  await mkdir(folder, { recursive: true });
  const written: string[] = [];
  for (const id of ids) {
    const base = exportBaseName(store, id);
    for (const format of formats) {
      const file = await exportReading(store, id, format);
      const path = join(folder, `${base}.${file.ext}`);
      await writeWhole(path, file.bytes);
      written.push(path);
    }
  }
  return written;
}
