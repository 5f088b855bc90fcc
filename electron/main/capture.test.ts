import { beforeEach, describe, expect, it } from 'vitest';
import { clipboard, ClipboardItem, resetFakeElectron } from '../../test/fakes/electron';
import type { WhenNothingSelected } from '../../shared/hotkeys';
import { ACCESSIBILITY_NEEDED, createCapture, NOTHING_SELECTED } from './capture';
import type { SelectionSource } from './selection-source';

const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3, 255]);

/** A clipboard as a person leaves it: an image copied from a browser, with its HTML, and a file list. */
function userClipboard() {
  clipboard.items = [
    {
      'text/plain': 'my notes',
      'text/html': '<p>my <b>notes</b></p>',
      'image/png': new Blob([PNG], { type: 'image/png' }),
    },
    { 'text/uri-list': 'file:///home/me/report.pdf\r\nfile:///home/me/photo.jpg' },
  ];
}

/** Each item's types and payloads as plain values, to compare whole clipboards. */
async function contents() {
  const plain = async (v: unknown) => (v instanceof Blob ? [...new Uint8Array(await v.arrayBuffer())] : v);
  return Promise.all((await clipboard.read()).map(async (item) => Object.fromEntries(await Promise.all(item.types.map(async (t) => [t, await plain(await item.getType(t))] as const)))));
}

/** A stand-in for selection-hook: what the app in front exposes, and whether it must press the copy keys. */
function source(opts: { text: string | null; byCopy?: boolean; trusted?: boolean; throws?: boolean }): SelectionSource & { asked: number } {
  return {
    asked: 0,
    selected() {
      // The copy keys put the selection on the clipboard as plain text, and nothing else.
      if (opts.byCopy) clipboard.items = opts.text === null ? [] : [{ 'text/plain': opts.text }];
      if (opts.throws) throw new Error('UI Automation failed');
      return opts.text === null ? null : { text: opts.text, copied: opts.byCopy === true };
    },
    trusted: () => opts.trusted ?? true,
    askTrust() {
      this.asked++;
    },
    close() {},
  };
}

function capture(platform: NodeJS.Platform, selection: SelectionSource | null, whenNothingSelected: WhenNothingSelected = 'clipboard') {
  const notes: string[] = [];
  const c = createCapture({ clipboard, platform, selection, makeItem: (data) => new ClipboardItem(data), whenNothingSelected: () => whenNothingSelected, notify: (m) => notes.push(m) });
  return { ...c, notes };
}

beforeEach(() => {
  resetFakeElectron();
  clipboard.text = 'copied text';
  clipboard.selection!.text = 'highlighted text';
});

describe('the selection on Linux', () => {
  it('is the PRIMARY selection', async () => {
    expect(await capture('linux', null).selection()).toEqual({ text: 'highlighted text' });
    expect(clipboard.reads).toEqual(['selection']);
  });

  it('falls back to the clipboard when nothing is selected, or says so when the settings ask', async () => {
    clipboard.selection!.text = '  \n';
    expect(await capture('linux', null).selection()).toEqual({ text: 'copied text' });
    expect(clipboard.reads).toEqual(['selection', 'clipboard']);
    expect(await capture('linux', null, 'say').selection()).toEqual({ nothing: NOTHING_SELECTED });
  });
});

describe.each(['win32', 'darwin'] as const)('the selection on %s', (platform) => {
  it('is the text the application in front exposes, with the clipboard never touched', async () => {
    userClipboard();
    const before = await contents();
    expect(await capture(platform, source({ text: 'the selected words' })).selection()).toEqual({ text: 'the selected words' });
    expect(clipboard.writes).toEqual([]);
    expect(await contents()).toEqual(before);
  });

  it('got by pressing the copy keys, leaves the clipboard as it was in every format: text, HTML, image and files', async () => {
    userClipboard();
    const before = await contents();
    expect(await capture(platform, source({ text: 'from an app with no accessible text', byCopy: true })).selection()).toEqual({ text: 'from an app with no accessible text' });
    expect(await contents()).toEqual(before);
    expect(clipboard.writes).toEqual([[['text/plain', 'text/html', 'image/png'], ['text/uri-list']]]);
  });

  it('puts the clipboard back when the source fails after copying, and reads the clipboard instead', async () => {
    userClipboard();
    const before = await contents();
    expect(await capture(platform, source({ text: 'lost', byCopy: true, throws: true })).selection()).toEqual({ text: 'my notes' });
    expect(await contents()).toEqual(before);
  });

  it('with nothing selected, reads the clipboard (as it was), or says so when the settings ask', async () => {
    userClipboard();
    const before = await contents();
    expect(await capture(platform, source({ text: null, byCopy: true })).selection()).toEqual({ text: 'my notes' });
    expect(await contents()).toEqual(before);
    expect(await capture(platform, source({ text: '   ' }), 'say').selection()).toEqual({ nothing: NOTHING_SELECTED });
  });

  it('without selection-hook, reads the clipboard as before', async () => {
    expect(await capture(platform, null).selection()).toEqual({ text: 'copied text' });
    expect(clipboard.reads).toEqual(['clipboard']);
  });
});

describe('the Accessibility permission on macOS', () => {
  it('is asked for once, with one sentence of why and where to allow it; until given, the clipboard is read', async () => {
    const hook = source({ text: 'never seen', trusted: false });
    const c = capture('darwin', hook, 'say');
    expect(await c.selection()).toEqual({ text: 'copied text' });
    expect(await c.selection()).toEqual({ text: 'copied text' });
    expect(hook.asked).toBe(1);
    expect(c.notes).toEqual([ACCESSIBILITY_NEEDED]);
  });
});

describe('read clipboard', () => {
  it('reads the clipboard everywhere', async () => {
    expect(await capture('linux', null).clipboard()).toBe('copied text');
    expect(await capture('win32', source({ text: 'selected' })).clipboard()).toBe('copied text');
  });
});
