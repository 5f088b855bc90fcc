// Piper's loudness: each chunk of audio (one sentence's run of the model) is scaled so its loudest
// sample is full scale, then clipped to [-1, 1] (piper1-gpl voice.py, synthesize, normalize_audio),
// so every voice and every sentence reaches the same peak, whatever level its model learned.

/** Below this peak a chunk is silence, made silent rather than amplified (piper1-gpl: 1e-8). */
const SILENT_PEAK = 1e-8;

/** Scales `audio` in place to a peak of 1, as Piper does with each chunk. */
export function normalizePeak(audio: Float32Array): Float32Array {
  let peak = 0;
  for (const sample of audio) {
    // NaN or infinity from a broken model is no level: the chunk is made silent.
    if (!Number.isFinite(sample)) return audio.fill(0);
    peak = Math.max(peak, Math.abs(sample));
  }
  if (peak < SILENT_PEAK) return audio.fill(0);
  for (let i = 0; i < audio.length; i++) audio[i] = Math.min(1, Math.max(-1, audio[i]! / peak));
  return audio;
}
