// A change the person just made, shown at once: a switch flips when clicked, not when main has
// answered (on a busy machine that takes a while, and a box that springs back reads as refused).
// Main's answer then replaces it; a refusal restores what main holds.
import type { SettingsView } from '../../../shared/settings-ipc';
import type { HearingRules } from '../../../shared/hearing-rules';
import type { SpeedMethod } from '../../../shared/speed';

export interface SettingsChange {
  voice?: string;
  speedMethod?: { voice: string; method: SpeedMethod };
  fallbackToBuiltin?: boolean;
  stoppedReadings?: SettingsView['stoppedReadings'];
  hearing?: Partial<HearingRules>;
  voiceCatalogueUrl?: string | null;
  kokoroSourceUrl?: string | null;
  launchAtLogin?: boolean;
  whenNothingSelected?: SettingsView['whenNothingSelected'];
}

/** The settings as they will be once `change` is saved. */
export function withChange(settings: SettingsView, change: SettingsChange): SettingsView {
  const next: SettingsView = { ...settings };
  if (change.voice !== undefined) next.voice = change.voice;
  if (change.speedMethod !== undefined) next.speedMethods = { ...settings.speedMethods, [change.speedMethod.voice]: change.speedMethod.method };
  if (change.fallbackToBuiltin !== undefined) next.fallbackToBuiltin = change.fallbackToBuiltin;
  if (change.stoppedReadings !== undefined) next.stoppedReadings = change.stoppedReadings;
  if (change.hearing !== undefined) {
    const on = Object.fromEntries(Object.entries(change.hearing).filter(([, value]) => value !== undefined));
    next.hearing = { ...settings.hearing, ...on };
  }
  if (change.voiceCatalogueUrl !== undefined) next.voiceCatalogueUrl = change.voiceCatalogueUrl;
  if (change.kokoroSourceUrl !== undefined) next.kokoroSourceUrl = change.kokoroSourceUrl;
  if (change.launchAtLogin !== undefined) next.launchAtLogin = change.launchAtLogin;
  if (change.whenNothingSelected !== undefined) next.whenNothingSelected = change.whenNothingSelected;
  return next;
}
