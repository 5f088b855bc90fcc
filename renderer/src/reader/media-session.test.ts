import { describe, expect, it } from 'vitest';
import { mediaCommand } from './media-session';

describe('what a media key does in each state of the reader', () => {
  it('pauses a reading under way, and Pause while paused does nothing', () => {
    expect(mediaCommand('pause', 'reading')).toBe('toggle-pause');
    expect(mediaCommand('play-pause', 'starting')).toBe('toggle-pause');
    expect(mediaCommand('pause', 'paused')).toBeNull();
  });

  it('resumes a paused reading, and Play while reading does nothing', () => {
    expect(mediaCommand('play', 'paused')).toBe('toggle-pause');
    expect(mediaCommand('play-pause', 'paused')).toBe('toggle-pause');
    expect(mediaCommand('play', 'reading')).toBeNull();
  });

  it('reads the text again after it ended, stopped or failed', () => {
    for (const phase of ['idle', 'finished', 'stopped', 'error'] as const) {
      expect(mediaCommand('play', phase)).toBe('restart');
      expect(mediaCommand('play-pause', phase)).toBe('restart');
      expect(mediaCommand('pause', phase)).toBeNull();
    }
  });

  it('passes stop and the sentence steps through in every state', () => {
    for (const action of ['stop', 'previous', 'next'] as const) expect(mediaCommand(action, 'paused')).toBe(action);
  });
});
