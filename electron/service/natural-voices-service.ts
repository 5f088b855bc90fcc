// Settings' natural voices: the manager (electron/engine/natural-voice-manager.ts, handed in by main:
// the service imports no voice module) behind the IPC channels, with one install at a time per voice,
// its progress sent as 'natural-voices:progress' events, and a way to stop it.
import type { CatalogueNaturalVoice, InstalledNaturalVoices, NaturalVoiceProgress } from '../../shared/natural-voices-ipc';

export interface NaturalVoiceCatalogue {
  voices: CatalogueNaturalVoice[];
  catalogueUrl: string;
  kokoroSource: string;
  /** Why Piper's catalogue or Kokoro's repository is missing from the list, in words. */
  problem: string | null;
}
import type { Emit } from './reading-service';
import { ServiceError } from './service-error';

/** What the engine's manager offers (it fits this shape). */
export interface NaturalVoiceManagerPort {
  installed(): InstalledNaturalVoices;
  catalogue(signal?: AbortSignal): Promise<NaturalVoiceCatalogue>;
  install(
    key: string,
    options: { signal?: AbortSignal; onProgress?(progress: NaturalVoiceProgress): void },
  ): Promise<{ key: string; alignment: { kind: 'exact' } | { kind: 'estimated'; reason: string } }>;
  remove(key: string): Promise<boolean>;
  sample(key: string, signal?: AbortSignal): Promise<Uint8Array<ArrayBuffer>>;
}

export interface NaturalVoicesService {
  installed(): InstalledNaturalVoices;
  catalogue(): Promise<NaturalVoiceCatalogue>;
  install(key: string): Promise<{ key: string; timings: 'exact' | 'estimated'; note: string | null }>;
  cancelInstall(key: string): { cancelled: boolean };
  remove(key: string): Promise<{ removed: boolean }>;
  /** A catalogue voice's recorded sample, to hear before installing (the repository's MP3). */
  sample(key: string): Promise<{ audio: { kind: 'encoded'; mime: string; bytes: Uint8Array<ArrayBuffer> } }>;
  /** Stops every install under way (at quit). */
  close(): void;
}

/** Progress events at most this often per voice (plus the last one): enough for a bar, few messages. */
const PROGRESS_EVERY_MS = 100;
/** A sample is a few seconds of audio: one that takes longer than this to come is not coming. */
const SAMPLE_TIMEOUT_MS = 20_000;

/** `onInstalledChanged`: a voice came or went, so the voice lists readings use must be asked afresh. */
export function createNaturalVoicesService(manager: NaturalVoiceManagerPort, emit: Emit, onInstalledChanged: () => void): NaturalVoicesService {
  const installing = new Map<string, AbortController>();

  return {
    installed: () => manager.installed(),
    catalogue: () => manager.catalogue(),
    async install(key) {
      if (installing.has(key)) throw new ServiceError(`${key} is already being installed.`);
      const controller = new AbortController();
      installing.set(key, controller);
      let lastSent = 0;
      try {
        const result = await manager.install(key, {
          signal: controller.signal,
          onProgress(progress) {
            const now = performance.now();
            if (progress.receivedBytes < progress.totalBytes && now - lastSent < PROGRESS_EVERY_MS) return;
            lastSent = now;
            emit('natural-voices:progress', progress);
          },
        });
        onInstalledChanged();
        return result.alignment.kind === 'exact'
          ? { key, timings: 'exact', note: null }
          : { key, timings: 'estimated', note: `Its words will be highlighted from estimated timings: ${result.alignment.reason}.` };
      } catch (error) {
        if (controller.signal.aborted) throw new ServiceError(`Installing ${key} was stopped; install it again to go on from where it stopped.`);
        throw error;
      } finally {
        installing.delete(key);
      }
    },
    cancelInstall(key) {
      const controller = installing.get(key);
      controller?.abort();
      return { cancelled: controller !== undefined };
    },
    async remove(key) {
      if (installing.has(key)) throw new ServiceError(`${key} is being installed: stop that first.`);
      const removed = await manager.remove(key);
      if (removed) onInstalledChanged();
      return { removed };
    },
    async sample(key) {
      return { audio: { kind: 'encoded', mime: 'audio/mpeg', bytes: await manager.sample(key, AbortSignal.timeout(SAMPLE_TIMEOUT_MS)) } };
    },
    close() {
      for (const controller of installing.values()) controller.abort();
    },
  };
}
