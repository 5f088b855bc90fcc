// The natural voices as Settings (and the command line) manage them: what is installed (and how much
// room it takes), the catalogue (Piper's voices and Kokoro's packs) with what of it is installed,
// installing from it and removing. The views are the IPC contract's (shared/natural-voices-ipc.ts); the
// work is installed-voices.ts, piper-catalogue.ts, kokoro-catalogue.ts, voice-download.ts and
// voice-install.ts. Each source's list, once fetched, is kept (catalogue-cache.ts) so that offline
// what one could install is still known.
import type { CatalogueNaturalVoice, InstalledNaturalVoice, InstalledNaturalVoices, NaturalVoiceProgress } from '../../shared/natural-voices-ipc';
import type { DownloadLimits } from './bounded-fetch';
import { loadCatalogue, saveCatalogue } from './catalogue-cache';
import { listInstalledVoices } from './installed-voices';
import { fetchKokoroCatalogue, isKokoroPackKey, kokoroFilesUrl, kokoroPackName } from './kokoro-catalogue';
import { datasetName, piperVoiceName } from './piper-voices';
import { CatalogueError, fetchCatalogue, fetchSample, SETTINGS_HINTS, type AddressHints, type CatalogueVoice } from './piper-catalogue';
import { downloadVoice } from './voice-download';
import { removeVoice, VoiceInstallError, type InstalledResult } from './voice-install';

type Family = CatalogueVoice['family'];

export interface NaturalVoiceManagerOptions {
  folder: string;
  /** The Piper catalogue's base URL as the settings have it now. */
  catalogueUrl(): string;
  /** Kokoro's repository as the settings have it now. */
  kokoroSource(): string;
  /** How messages say where an address is changed; Settings' words by default. */
  hints?: AddressHints;
  /** Tighter download bounds than the defaults (tests). */
  limits?: Partial<DownloadLimits>;
}

export interface NaturalVoiceCatalogueView {
  voices: CatalogueNaturalVoice[];
  catalogueUrl: string;
  kokoroSource: string;
  problem: string | null;
}

export interface NaturalVoiceManager {
  installed(): InstalledNaturalVoices;
  /**
   * Both sources, asked afresh. A source that cannot be had is named in `problem`; when neither can,
   * this throws, unless `orKnown`: then it lists what is known without them (the lists as last
   * fetched, and the voices installed).
   */
  catalogue(signal?: AbortSignal, options?: { orKnown?: boolean }): Promise<NaturalVoiceCatalogueView>;
  /** A voice of the catalogue by its key, asking only the source it belongs to; `near`: keys like it. */
  lookup(key: string, signal?: AbortSignal): Promise<{ voice: CatalogueNaturalVoice | undefined; near: string[] }>;
  install(key: string, options: { signal?: AbortSignal; onProgress?(progress: NaturalVoiceProgress): void }): Promise<InstalledResult>;
  /** Removes an installed voice and whatever an unfinished download of it left; false when there was neither. */
  remove(key: string): Promise<boolean>;
  /** A catalogue voice's recorded sample (MP3), to hear before installing. */
  sample(key: string, signal?: AbortSignal): Promise<Uint8Array<ArrayBuffer>>;
}

const familyOf = (key: string): Family => (isKokoroPackKey(key) ? 'kokoro' : 'piper');

function view(v: CatalogueVoice, installed: ReadonlySet<string>): CatalogueNaturalVoice {
  return {
    key: v.key,
    family: v.family,
    name: v.family === 'piper' ? datasetName(v.name, v.quality) : v.name,
    language: v.language,
    languageName: v.languageName,
    quality: v.quality,
    speakers: v.speakers,
    sizeBytes: v.sizeBytes,
    hasSample: v.samplePath !== null,
    installed: installed.has(v.key),
  };
}

/** English (United States), for en-US: as Piper's catalogue names languages. */
function languageName(tag: string): string {
  try {
    const locale = new Intl.Locale(tag);
    const language = new Intl.DisplayNames(['en'], { type: 'language' }).of(locale.language) ?? tag;
    return locale.region ? `${language} (${new Intl.DisplayNames(['en'], { type: 'region' }).of(locale.region) ?? locale.region})` : language;
  } catch {
    return tag;
  }
}

/** An installed voice as the catalogue would list it, for when the catalogue cannot be had. */
function knownView(v: InstalledNaturalVoice): CatalogueNaturalVoice {
  const language = v.language ?? 'und';
  return {
    key: v.key,
    family: v.family,
    name: v.name,
    language,
    // A Kokoro pack's languages, as its catalogue entry names them: English, French.
    languageName: v.family === 'kokoro' ? [...new Set(v.languages.map((l) => languageName(l.split('-')[0]!)))].join(', ') : languageName(language),
    quality: v.key.split('-').at(-1) ?? '',
    speakers: Math.max(1, v.speakers.length),
    sizeBytes: v.sizeBytes,
    hasSample: false,
    installed: true,
  };
}

export function createNaturalVoiceManager(options: NaturalVoiceManagerOptions): NaturalVoiceManager {
  const { folder } = options;
  const hints = options.hints ?? SETTINGS_HINTS;
  const fetchOptions = (signal?: AbortSignal) => ({ signal, limits: options.limits, hints });
  const sourceOf = (family: Family) => (family === 'kokoro' ? options.kokoroSource() : options.catalogueUrl());
  // Each source's list as last fetched, so an install needs no second fetch.
  const fetched = new Map<Family, { source: string; voices: CatalogueVoice[] }>();

  async function sourceVoices(family: Family, signal?: AbortSignal): Promise<CatalogueVoice[]> {
    const source = sourceOf(family);
    const known = fetched.get(family);
    if (known?.source === source) return known.voices;
    const voices = family === 'kokoro' ? await fetchKokoroCatalogue(source, fetchOptions(signal)) : await fetchCatalogue(source, fetchOptions(signal));
    fetched.set(family, { source, voices });
    await saveCatalogue(folder, family, source, voices.map((v) => view(v, new Set())));
    return voices;
  }

  async function find(key: string, signal?: AbortSignal): Promise<CatalogueVoice> {
    const voice = (await sourceVoices(familyOf(key), signal)).find((v) => v.key === key);
    if (!voice) throw new VoiceInstallError(familyOf(key) === 'kokoro' ? `Kokoro's repository at ${sourceOf('kokoro')} has no pack ${key}.` : `The catalogue at ${sourceOf('piper')} has no voice ${key}.`);
    return voice;
  }

  function installed(): InstalledNaturalVoices {
    const { voices, problems } = listInstalledVoices(folder);
    return {
      voices: voices.map((v) =>
        v.family === 'piper'
          ? { key: v.key, family: 'piper' as const, name: piperVoiceName(v), language: v.config.language ?? null, languages: v.config.language ? [v.config.language] : [], speakers: [...v.config.speakers.keys()], sizeBytes: v.sizeBytes }
          : {
              key: v.key,
              family: 'kokoro' as const,
              name: kokoroPackName(v.key),
              language: v.voices[0]!.language,
              languages: [...new Set(v.voices.map((s) => s.language))],
              speakers: v.voices.map((s) => s.name),
              sizeBytes: v.sizeBytes,
            },
      ),
      problems,
      folder,
      sizeBytes: voices.reduce((sum, v) => sum + v.sizeBytes, 0),
    };
  }

  /** Why neither source could be had, in one sentence, when the list is what is known without them. */
  function offlineProblem(piper: unknown, kokoro: unknown): string {
    const unreachable = [piper, kokoro].every((e) => e instanceof CatalogueError && e.unreachable);
    const names = `the voice catalogue at ${sourceOf('piper')} or Kokoro's repository at ${sourceOf('kokoro')}`;
    return unreachable
      ? `Could not reach ${names}, so only the voices known from before are listed: check the network connection.`
      : `Could not get ${names} (${[piper, kokoro].map((e) => (e instanceof Error ? e.message.replace(/\.$/, '') : String(e))).join('; ')}), so only the voices known from before are listed.`;
  }

  return {
    installed,
    async catalogue(signal, { orKnown = false } = {}) {
      fetched.clear(); // asked afresh: the catalogue may have changed
      const [piper, kokoro] = await Promise.allSettled([sourceVoices('piper', signal), sourceVoices('kokoro', signal)]);
      if (signal?.aborted) throw signal.reason;
      if (!orKnown && piper.status === 'rejected' && kokoro.status === 'rejected') throw piper.reason;
      const installedKeys = new Set(listInstalledVoices(folder).voices.map((v) => v.key));
      const listed = (family: Family, result: PromiseSettledResult<CatalogueVoice[]>) =>
        result.status === 'fulfilled' ? result.value.map((v) => view(v, installedKeys)) : orKnown ? loadCatalogue(folder, family, sourceOf(family)).map((v) => ({ ...v, installed: installedKeys.has(v.key) })) : [];
      const voices = [...listed('piper', piper), ...listed('kokoro', kokoro)];
      if (orKnown) for (const v of installed().voices) if (!voices.some((c) => c.key === v.key)) voices.push(knownView(v));
      let problem: string | null = null;
      if (piper.status === 'rejected' && kokoro.status === 'rejected') problem = offlineProblem(piper.reason, kokoro.reason);
      else {
        const reason = piper.status === 'rejected' ? (piper.reason as unknown) : kokoro.status === 'rejected' ? (kokoro.reason as unknown) : undefined;
        if (reason !== undefined) problem = reason instanceof CatalogueError ? reason.message : String(reason);
      }
      return { catalogueUrl: sourceOf('piper'), kokoroSource: sourceOf('kokoro'), problem, voices };
    },
    async lookup(key, signal) {
      const voices = await sourceVoices(familyOf(key), signal);
      const installedKeys = new Set(listInstalledVoices(folder).voices.map((v) => v.key));
      const voice = voices.find((v) => v.key === key);
      const stem = key.toLowerCase().split('-')[0]!;
      const near = voice ? [] : voices.filter((v) => v.key.toLowerCase().includes(stem)).slice(0, 3).map((v) => v.key);
      return { voice: voice && view(voice, installedKeys), near };
    },
    async install(key, { signal, onProgress }) {
      const voice = await find(key, signal);
      const baseUrl = voice.family === 'kokoro' ? kokoroFilesUrl(sourceOf('kokoro')) : sourceOf('piper');
      return downloadVoice(folder, voice, baseUrl, { ...(signal ? { signal } : {}), ...(onProgress ? { onProgress } : {}), ...(options.limits ? { limits: options.limits } : {}) });
    },
    remove: async (key) => {
      const removed = await removeVoice(folder, key);
      return removed.installed || removed.leftoverBytes > 0;
    },
    async sample(key, signal) {
      const voice = await find(key, signal);
      return fetchSample(sourceOf('piper'), voice, { signal, limits: options.limits });
    },
  };
}
