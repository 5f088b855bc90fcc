/// <reference types="vite/client" />
import type { AloudApi } from '../../shared/ipc';
import type { PlayerProbe } from './reader/player-probe';

declare global {
  /** True in test builds (electron-vite --mode probe): the player probe is compiled in. */
  const __ALOUD_PROBE__: boolean;

  interface Window {
    /** The preload API (electron/preload), or the e2e harness's stand-in. */
    readonly aloud: AloudApi;
    /** The player's figures and highlight log, for tests and diagnostics. */
    __aloudPlayer?: PlayerProbe;
  }
}
