// The text selected in the application in front, on Windows (UI Automation) and macOS (the
// Accessibility API), through `selection-hook`, an optional native module: without it (not installed,
// no build for this system, failing to load) Aloud reads the clipboard as before. Where an application
// exposes no selection, the module presses the copy keys itself; the capture keeps the clipboard.
import { messageOf } from '../../shared/ipc-error';

export interface SelectionSource {
  /** The selected text, or null when none; `copied`: got by pressing the copy keys (the clipboard was used). */
  selected(): { text: string; copied: boolean } | null;
  /** macOS: whether Aloud has the Accessibility permission it needs; true elsewhere. */
  trusted(): boolean;
  /** macOS: asks the system to show its Accessibility prompt (once per run is enough). */
  askTrust(): void;
  close(): void;
}

/** The parts of selection-hook's SelectionHook that Aloud uses (its index.d.ts). */
interface SelectionHookInstance {
  start(config?: { enableClipboard?: boolean; selectionPassiveMode?: boolean }): boolean;
  stop(): boolean;
  isRunning(): boolean;
  getCurrentSelection(): { text: string; method: number } | null;
  macIsProcessTrusted?(): boolean;
  macRequestProcessTrust?(): boolean;
  cleanup?(): void;
}
interface SelectionHookClass {
  new (): SelectionHookInstance;
  SelectionMethod: { CLIPBOARD: number };
}

/**
 * `load` returns the module's export (require('selection-hook')); it may throw. Returns null, with
 * why, when the module cannot serve: the caller reads the clipboard instead.
 */
export function openSelectionSource(load: () => unknown, platform: NodeJS.Platform): { source: SelectionSource } | { source: null; why: string } {
  if (platform !== 'win32' && platform !== 'darwin') return { source: null, why: 'not used on this system (Linux has its PRIMARY selection)' };
  let hook: SelectionHookInstance;
  let clipboardMethod: number;
  try {
    const SelectionHook = load() as SelectionHookClass;
    hook = new SelectionHook();
    clipboardMethod = SelectionHook.SelectionMethod.CLIPBOARD;
  } catch (err) {
    return { source: null, why: `selection-hook could not be loaded (${messageOf(err)})` };
  }
  const trusted = () => (platform === 'darwin' ? (hook.macIsProcessTrusted?.() ?? false) : true);
  // Started on first use: on macOS it can only start once the permission is given.
  const running = () => hook.isRunning() || (trusted() && hook.start({ enableClipboard: true, selectionPassiveMode: true }));
  return {
    source: {
      selected() {
        if (!running()) return null;
        const got = hook.getCurrentSelection();
        return got ? { text: got.text, copied: got.method === clipboardMethod } : null;
      },
      trusted,
      askTrust: () => void hook.macRequestProcessTrust?.(),
      close() {
        if (hook.isRunning()) hook.stop();
        hook.cleanup?.();
      },
    },
  };
}
