// The natural voices as Settings manages them: what is installed (and how much room it takes), the
// catalogue with what of it is installed, installing from it and removing. The views are the IPC
// contract's (shared/natural-voices-ipc.ts); the work is installed-voices.ts, piper-catalogue.ts,
// voice-download.ts and voice-install.ts.
import type { CatalogueNaturalVoice, InstalledNaturalVoices, NaturalVoiceProgress } from '../../shared/natural-voices-ipc';
import { listInstalledVoices } from './installed-voices';
import { kokoroPackName } from './kokoro-catalogue';
import { datasetName, neuralVoiceName } from './neural-voices';
import { fetchCatalogue, fetchSample, type CatalogueVoice } from './piper-catalogue';
import { downloadVoice } from './voice-download';
import { removeVoice, VoiceInstallError, type InstalledResult } from './voice-install';

export interface NaturalVoiceManagerOptions {
  folder: string;
  /** The catalogue's base URL as the settings have it now. */
  catalogueUrl(): string;
}

export interface NaturalVoiceManager {
  installed(): InstalledNaturalVoices;
  catalogue(signal?: AbortSignal): Promise<{ voices: CatalogueNaturalVoice[]; catalogueUrl: string }>;
  install(key: string, options: { signal?: AbortSignal; onProgress?(progress: NaturalVoiceProgress): void }): Promise<InstalledResult>;
  remove(key: string): Promise<boolean>;
  /** A catalogue voice's recorded sample (MP3), to hear before installing. */
  sample(key: string, signal?: AbortSignal): Promise<Uint8Array<ArrayBuffer>>;
}

export function createNaturalVoiceManager(options: NaturalVoiceManagerOptions): NaturalVoiceManager {
  const { folder } = options;
  // The catalogue as last fetched, so an install needs no second fetch.
  let known: { url: string; voices: CatalogueVoice[] } | undefined;

  async function catalogueVoices(signal?: AbortSignal): Promise<{ url: string; voices: CatalogueVoice[] }> {
    const url = options.catalogueUrl();
    if (known?.url !== url) known = { url, voices: await fetchCatalogue(url, signal) };
    return known;
  }

  return {
    installed() {
      const { voices, problems } = listInstalledVoices(folder);
      return {
        voices: voices.map((v) =>
          v.family === 'piper'
            ? { key: v.key, name: neuralVoiceName(v), language: v.config.language ?? null, speakers: [...v.config.speakers.keys()], sizeBytes: v.sizeBytes }
            : { key: v.key, name: kokoroPackName(v.key), language: v.voices[0]!.language, speakers: v.voices.map((s) => s.displayName), sizeBytes: v.sizeBytes },
        ),
        problems,
        folder,
        sizeBytes: voices.reduce((sum, v) => sum + v.sizeBytes, 0),
      };
    },
    async catalogue(signal) {
      known = undefined; // asked afresh: the catalogue may have changed
      const { url, voices } = await catalogueVoices(signal);
      const installed = new Set(listInstalledVoices(folder).voices.map((v) => v.key));
      return {
        catalogueUrl: url,
        voices: voices.map((v) => ({
          key: v.key,
          name: datasetName(v.name, v.quality),
          language: v.language,
          languageName: v.languageName,
          quality: v.quality,
          speakers: v.speakers,
          sizeBytes: v.sizeBytes,
          installed: installed.has(v.key),
        })),
      };
    },
    async install(key, { signal, onProgress }) {
      const { url, voices } = await catalogueVoices(signal);
      const voice = voices.find((v) => v.key === key);
      if (!voice) throw new VoiceInstallError(`The catalogue at ${url} has no voice ${key}.`);
      return downloadVoice(folder, voice, url, { ...(signal ? { signal } : {}), ...(onProgress ? { onProgress } : {}) });
    },
    remove: (key) => removeVoice(folder, key),
    async sample(key, signal) {
      const { url, voices } = await catalogueVoices(signal);
      const voice = voices.find((v) => v.key === key);
      if (!voice) throw new VoiceInstallError(`The catalogue at ${url} has no voice ${key}.`);
      return fetchSample(url, voice, signal);
    },
  };
}
