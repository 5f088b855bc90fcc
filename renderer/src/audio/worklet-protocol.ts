// Messages between the player (main thread) and the PCM worklet (audio thread).
// The worklet bundle inlines what it imports from here, so keep this file free of DOM or React code.

export const PCM_PLAYER_PROCESSOR = 'aloud-pcm-player';

/**
 * idle:      no reading; silence.
 * buffering: audio is arriving but less than the prebuffer is queued; silence, not an underrun.
 * playing:   frames flow out of the queue.
 * starved:   the queue ran dry while more audio was expected (an underrun); silence.
 * drained:   every frame of a finished reading has been rendered.
 */
export type WorkletState = 'idle' | 'buffering' | 'playing' | 'starved' | 'drained';

export type ToWorklet =
  /**
   * Interleaved float samples at the context's rate; the buffer is transferred. `synthRate`: the rate
   * the voice made them at; they play stretched by speed / synthRate (shared/speed.ts).
   */
  | { type: 'push'; generation: number; samples: Float32Array; channels: number; synthRate: number }
  /** No more audio will come for this reading: running dry after this is not an underrun. */
  | { type: 'end'; generation: number }
  | { type: 'pause'; generation: number }
  | { type: 'resume'; generation: number }
  /** How much must be queued before playback starts, or restarts after an underrun. */
  | { type: 'prebuffer'; generation: number; frames: number }
  /** The Speed heard (0.5-4, pitch kept); applies across readings, from the next render quantum. */
  | { type: 'speed'; speed: number }
  /** Output gain (0-1), ramped over one render quantum so it never clicks. */
  | { type: 'volume'; volume: number }
  /** Records the output (channel 0) from now, up to `seconds`, for tests that measure the sound. */
  | { type: 'tap'; seconds: number }
  /** Sends what the tap recorded ({ type: 'tapped' }). */
  | { type: 'tap-read' }
  /** Drop everything and start a new timeline (a stop, or a new reading). */
  | { type: 'reset'; generation: number; prebufferFrames: number };

export interface WorkletClock {
  type: 'clock';
  generation: number;
  state: WorkletState;
  paused: boolean;
  /**
   * Source frames of this timeline heard in what has been rendered (silence is never counted). At
   * 1x one per output frame; time-stretched, `speed` per output frame.
   */
  played: number;
  /** Source frames per output frame from `contextFrame` on (the stretch of the audio playing). */
  speed: number;
  /** Context frame at which the timeline's first frame was rendered (-1 before). */
  firstAt: number;
  /** The last speed change heard: at context frame `contextFrame`, `played` source frames had been heard. */
  speedFrom: { contextFrame: number; played: number; speed: number };
  /** The context frame at which `played` was reached (end of the render quantum). */
  contextFrame: number;
  /** In the drained state, the context frame just after the last frame of audio was rendered. */
  drainedAt: number;
  /** Source frames still queued (not yet heard). */
  queued: number;
  /** Times the queue ran dry while more audio was expected. */
  underruns: number;
  /** Frames of silence rendered because of underruns. */
  underrunFrames: number;
}

export interface WorkletTap {
  type: 'tapped';
  samples: Float32Array;
  /** The context frame of the first sample (-1 before any). */
  startFrame: number;
}

export type FromWorklet = WorkletClock | WorkletTap;
