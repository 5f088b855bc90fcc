import { beforeEach, describe, expect, it } from 'vitest';
import { clipboard, resetFakeElectron } from '../../test/fakes/electron';
import { captureClipboard, captureSelection } from './capture';

describe('capturing the text to read', () => {
  beforeEach(() => {
    resetFakeElectron();
    clipboard.text = 'copied text';
    clipboard.selection!.text = 'highlighted text';
  });

  it('reads the PRIMARY selection on Linux', async () => {
    expect(await captureSelection(clipboard, 'linux')).toBe('highlighted text');
    expect(clipboard.reads).toEqual(['selection']);
  });

  it('falls back to the clipboard on Linux when nothing is selected', async () => {
    clipboard.selection!.text = '  \n';
    expect(await captureSelection(clipboard, 'linux')).toBe('copied text');
    expect(clipboard.reads).toEqual(['selection', 'clipboard']);
  });

  it.each(['win32', 'darwin'] as const)('reads the clipboard on %s, never the selection', async (platform) => {
    expect(await captureSelection(clipboard, platform)).toBe('copied text');
    expect(clipboard.reads).toEqual(['clipboard']);
  });

  it('read clipboard reads the clipboard everywhere', async () => {
    expect(await captureClipboard(clipboard)).toBe('copied text');
    expect(clipboard.reads).toEqual(['clipboard']);
  });
});
