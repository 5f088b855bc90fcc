// Plays a voice sample: one short clip, whole, apart from the reader's player (which keeps its place).
// PCM goes straight into an AudioBuffer; encoded audio (MP3, Ogg Opus, WAV) is decoded whole by the
// browser. One sample at a time: a new one stops the last.
import type { AudioPayload } from '../../../shared/chunk';

export class SamplePlayer {
  private context: AudioContext | null = null;
  private playing: { source: AudioBufferSourceNode; done: () => void } | null = null;

  /** Plays `audio` at `volume` (0-1); resolves when it has been heard to the end or was stopped. */
  async play(audio: AudioPayload, volume: number): Promise<void> {
    this.stop();
    this.context ??= new AudioContext();
    const context = this.context;
    if (context.state === 'suspended') await context.resume();
    const buffer = audio.kind === 'pcm' ? pcmBuffer(context, audio) : await context.decodeAudioData(audio.bytes.slice().buffer);
    const source = context.createBufferSource();
    source.buffer = buffer;
    const gain = context.createGain();
    gain.gain.value = volume;
    source.connect(gain).connect(context.destination);
    await new Promise<void>((done) => {
      this.playing = { source, done };
      source.addEventListener('ended', () => done(), { once: true });
      source.start();
    });
    if (this.playing?.source === source) this.playing = null;
    source.disconnect();
    gain.disconnect();
  }

  stop(): void {
    const p = this.playing;
    this.playing = null;
    if (!p) return;
    try {
      p.source.stop();
    } catch {
      // Never started: nothing to stop.
    }
    p.done();
  }

  close(): void {
    this.stop();
    void this.context?.close();
    this.context = null;
  }
}

function pcmBuffer(context: AudioContext, audio: Extract<AudioPayload, { kind: 'pcm' }>): AudioBuffer {
  const frames = Math.floor(audio.samples.length / audio.channels);
  const buffer = context.createBuffer(audio.channels, Math.max(1, frames), audio.sampleRate);
  for (let c = 0; c < audio.channels; c++) {
    const channel = buffer.getChannelData(c);
    for (let i = 0; i < frames; i++) channel[i] = audio.samples[i * audio.channels + c]!;
  }
  return buffer;
}
