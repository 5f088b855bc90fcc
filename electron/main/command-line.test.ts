import { describe, expect, it } from 'vitest';
import { parseMainCommands } from './command-line';

describe('parseMainCommands', () => {
  it('finds the commands in a forwarded Electron argv, in order, ignoring the executable and Chromium switches', () => {
    const argv = ['/opt/Aloud/aloud', '--no-sandbox', '--read-clipboard', '--enable-features=X', '--stop'];
    expect(parseMainCommands(argv)).toEqual(['read-clipboard', 'stop']);
  });

  it('knows every hotkey action, and show', () => {
    const flags = ['--read-selection', '--read-clipboard', '--toggle-pause', '--stop', '--previous-sentence', '--next-sentence', '--faster', '--slower', '--show'];
    expect(parseMainCommands(['x', ...flags])).toEqual(['read-selection', 'read-clipboard', 'toggle-pause', 'stop', 'previous-sentence', 'next-sentence', 'faster', 'slower', 'show']);
  });

  it('yields nothing for a plain launch, for look-alikes, and after --', () => {
    expect(parseMainCommands(['/usr/bin/electron', '.'])).toEqual([]);
    expect(parseMainCommands(['--read-clipboard=1', '--STOP', 'read-clipboard', '--toString', '--__proto__'])).toEqual([]);
    expect(parseMainCommands(['--', '--stop'])).toEqual([]);
  });
});
