// Which text a "read" takes. On Linux the PRIMARY selection (whatever is highlighted, no copy needed),
// as ever. On Windows and macOS the selection too, through the selection source (selection-hook),
// with the user's clipboard kept whole when the source had to press the copy keys. Without a source,
// or when nothing is selected and the settings say so, the clipboard stands in.
// Electron 45's clipboard is asynchronous, and its PRIMARY selection is `clipboard.selection`
// (a clipboard of its own, present on Linux only) rather than the old readText('selection').
import type { WhenNothingSelected } from '../../shared/hotkeys';
import { restoreClipboard, snapshotClipboard, type ClipboardEntry, type ClipboardSnapshot, type WholeClipboard } from './clipboard-snapshot';
import type { SelectionSource } from './selection-source';

export interface TextClipboard {
  readText(): Promise<string>;
  readonly selection?: { readText(): Promise<string> } | undefined;
}

export interface CaptureDeps {
  clipboard: TextClipboard & WholeClipboard;
  platform: NodeJS.Platform;
  /** Windows and macOS: the selection in the application in front; null without selection-hook. */
  selection: SelectionSource | null;
  /** Electron's ClipboardItem constructor, to put the clipboard back. */
  makeItem(data: ClipboardSnapshot[number]): ClipboardEntry;
  whenNothingSelected(): WhenNothingSelected;
  /** Tells the user something once, in one sentence (the macOS permission). */
  notify(message: string): void;
}

/** The text to read, or why there is none (the settings say to tell rather than read the clipboard). */
export type Captured = { text: string } | { nothing: string };

export const NOTHING_SELECTED = 'Nothing is selected: select some text, then press the hotkey again.';
export const ACCESSIBILITY_NEEDED =
  'To read the selection without copying, Aloud needs the Accessibility permission: System Settings → Privacy & Security → Accessibility, then switch on Aloud. Until then it reads what you copy.';

export function createCapture(deps: CaptureDeps): { selection(): Promise<Captured>; clipboard(): Promise<string> } {
  let askedTrust = false;

  /** The selection in the application in front, the clipboard kept whole; '' when none. */
  async function selectedElsewhere(source: SelectionSource): Promise<string> {
    if (!source.trusted()) {
      // macOS shows its own prompt once; the sentence says where to switch it on later.
      if (!askedTrust) {
        askedTrust = true;
        source.askTrust();
        deps.notify(ACCESSIBILITY_NEEDED);
      }
      return '';
    }
    const kept = await snapshotClipboard(deps.clipboard);
    let got: ReturnType<SelectionSource['selected']> = null;
    try {
      got = source.selected();
    } catch (err) {
      // The module failed (an application that hangs its accessibility interface): read as if nothing was selected.
      console.warn('Aloud: the selection could not be read', err instanceof Error ? err.message : err);
    } finally {
      // The copy keys replaced the user's clipboard: every format goes back. With no answer it is not
      // known whether they were pressed, so the clipboard is compared. (Untouched, it is left alone: a
      // write would add an entry to clipboard histories.)
      if (got ? got.copied : await changedSince(kept)) await restoreClipboard(deps.clipboard, kept, deps.makeItem).catch(() => undefined);
    }
    return got?.text ?? '';
  }

  /** Whether the clipboard differs from `kept` in its formats or its text. */
  async function changedSince(kept: ClipboardSnapshot): Promise<boolean> {
    const now = await snapshotClipboard(deps.clipboard);
    const shape = async (snapshot: ClipboardSnapshot) =>
      JSON.stringify(await Promise.all(snapshot.map(async (item) => [Object.keys(item), item['text/plain'] instanceof Blob ? await item['text/plain'].text() : null])));
    return (await shape(now)) !== (await shape(kept));
  }

  return {
    async selection() {
      const primary = deps.platform === 'linux' ? deps.clipboard.selection : undefined;
      if (!primary && !deps.selection) return { text: await deps.clipboard.readText() };
      const selected = primary ? await primary.readText() : await selectedElsewhere(deps.selection!);
      if (selected.trim()) return { text: selected };
      if (deps.whenNothingSelected() === 'say' && (deps.platform === 'linux' || deps.selection?.trusted())) return { nothing: NOTHING_SELECTED };
      return { text: await deps.clipboard.readText() };
    },
    clipboard: () => deps.clipboard.readText(),
  };
}
