import { describe, expect, it } from 'vitest';
import { DEFAULT_HEARING_RULES } from '../../../shared/hearing-rules';
import type { SettingsView } from '../../../shared/settings-ipc';
import { withChange } from './settings-change';

const settings: SettingsView = {
  providers: [],
  kinds: [],
  voice: 'builtin/en-us',
  speed: 1,
  speedMethods: { 'piper/a': 'voice' },
  fallbackToBuiltin: true,
  stoppedReadings: 'complete',
  hearing: { ...DEFAULT_HEARING_RULES },
  pronunciation: [],
  languageVoices: {},
  voiceByLanguage: true,
  voiceCatalogueUrl: null,
  kokoroSourceUrl: null,
  platform: 'linux',
  hotkeys: [],
  whenNothingSelected: 'clipboard',
  launchAtLogin: false,
  keyStorage: { available: true },
};

describe('a settings change shown before main answers', () => {
  it('flips one rule and leaves the others as they were', () => {
    const next = withChange(settings, { hearing: { links: false } });
    expect(next.hearing.links).toBe(false);
    expect({ ...next.hearing, links: true }).toEqual(settings.hearing);
    // The settings it came from are untouched, so a refusal can show them again.
    expect(settings.hearing.links).toBe(true);
  });

  it('adds a speed method beside those already set, and takes each plain field as given', () => {
    const next = withChange(settings, { speedMethod: { voice: 'builtin/en-us', method: 'stretch' }, voice: 'piper/a', fallbackToBuiltin: false, stoppedReadings: 'keep', voiceCatalogueUrl: 'https://mirror.example/' });
    expect(next.speedMethods).toEqual({ 'piper/a': 'voice', 'builtin/en-us': 'stretch' });
    expect(next).toMatchObject({ voice: 'piper/a', fallbackToBuiltin: false, stoppedReadings: 'keep', voiceCatalogueUrl: 'https://mirror.example/' });
  });

  it('ticks the start at login at once', () => {
    expect(withChange(settings, { launchAtLogin: true }).launchAtLogin).toBe(true);
  });

  it('changes nothing for an empty change', () => {
    expect(withChange(settings, {})).toEqual(settings);
  });
});
