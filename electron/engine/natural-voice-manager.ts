// The natural voices as Settings manages them: what is installed (and how much room it takes), the
// catalogue (Piper's voices and Kokoro's packs) with what of it is installed, installing from it and
// removing. The views are the IPC contract's (shared/natural-voices-ipc.ts); the work is
// installed-voices.ts, piper-catalogue.ts, kokoro-catalogue.ts, voice-download.ts and voice-install.ts.
import type { CatalogueNaturalVoice, InstalledNaturalVoices, NaturalVoiceProgress } from '../../shared/natural-voices-ipc';
import { listInstalledVoices } from './installed-voices';
import { fetchKokoroCatalogue, kokoroFilesUrl, kokoroPackName } from './kokoro-catalogue';
import { datasetName, piperVoiceName } from './piper-voices';
import { CatalogueError, fetchCatalogue, fetchSample, type CatalogueVoice } from './piper-catalogue';
import { downloadVoice } from './voice-download';
import { removeVoice, VoiceInstallError, type InstalledResult } from './voice-install';

export interface NaturalVoiceManagerOptions {
  folder: string;
  /** The Piper catalogue's base URL as the settings have it now. */
  catalogueUrl(): string;
  /** Kokoro's repository as the settings have it now. */
  kokoroSource(): string;
}

export interface NaturalVoiceManager {
  installed(): InstalledNaturalVoices;
  catalogue(signal?: AbortSignal): Promise<{ voices: CatalogueNaturalVoice[]; catalogueUrl: string; kokoroSource: string; problem: string | null }>;
  install(key: string, options: { signal?: AbortSignal; onProgress?(progress: NaturalVoiceProgress): void }): Promise<InstalledResult>;
  remove(key: string): Promise<boolean>;
  /** A catalogue voice's recorded sample (MP3), to hear before installing. */
  sample(key: string, signal?: AbortSignal): Promise<Uint8Array<ArrayBuffer>>;
}

interface Known {
  piperUrl: string;
  kokoroSource: string;
  voices: CatalogueVoice[];
  /** Why one of the two sources is missing from `voices`, in words; null when both answered. */
  problem: string | null;
}

export function createNaturalVoiceManager(options: NaturalVoiceManagerOptions): NaturalVoiceManager {
  const { folder } = options;
  // The catalogue as last fetched, so an install needs no second fetch.
  let known: Known | undefined;

  async function catalogueVoices(signal?: AbortSignal): Promise<Known> {
    const piperUrl = options.catalogueUrl();
    const kokoroSource = options.kokoroSource();
    if (known?.piperUrl === piperUrl && known.kokoroSource === kokoroSource) return known;
    const [piper, kokoro] = await Promise.allSettled([fetchCatalogue(piperUrl, signal), fetchKokoroCatalogue(kokoroSource, signal)]);
    if (signal?.aborted) throw signal.reason;
    // One source out of reach still leaves the other's voices to install.
    if (piper.status === 'rejected' && kokoro.status === 'rejected') throw piper.reason;
    const failed = piper.status === 'rejected' ? piper : kokoro.status === 'rejected' ? kokoro : undefined;
    const reason = failed?.reason as unknown;
    known = {
      piperUrl,
      kokoroSource,
      voices: [...(piper.status === 'fulfilled' ? piper.value : []), ...(kokoro.status === 'fulfilled' ? kokoro.value : [])],
      problem: reason === undefined ? null : reason instanceof CatalogueError ? reason.message : String(reason),
    };
    return known;
  }

  async function find(key: string, signal?: AbortSignal): Promise<{ voice: CatalogueVoice; known: Known }> {
    const current = await catalogueVoices(signal);
    const voice = current.voices.find((v) => v.key === key);
    if (!voice) throw new VoiceInstallError(`The catalogue at ${current.piperUrl} has no voice ${key}.`);
    return { voice, known: current };
  }

  return {
    installed() {
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
    },
    async catalogue(signal) {
      known = undefined; // asked afresh: the catalogue may have changed
      const current = await catalogueVoices(signal);
      const installed = new Set(listInstalledVoices(folder).voices.map((v) => v.key));
      return {
        catalogueUrl: current.piperUrl,
        kokoroSource: current.kokoroSource,
        problem: current.problem,
        voices: current.voices.map((v) => ({
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
        })),
      };
    },
    async install(key, { signal, onProgress }) {
      const { voice, known: current } = await find(key, signal);
      const baseUrl = voice.family === 'kokoro' ? kokoroFilesUrl(current.kokoroSource) : current.piperUrl;
      return downloadVoice(folder, voice, baseUrl, { ...(signal ? { signal } : {}), ...(onProgress ? { onProgress } : {}) });
    },
    remove: (key) => removeVoice(folder, key),
    async sample(key, signal) {
      const { voice, known: current } = await find(key, signal);
      return fetchSample(current.piperUrl, voice, signal);
    },
  };
}
