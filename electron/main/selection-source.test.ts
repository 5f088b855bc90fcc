import { describe, expect, it } from 'vitest';
import { openSelectionSource } from './selection-source';

/** selection-hook's class as its index.d.ts describes it, over a scripted selection. */
function fakeHookModule(opts: { trusted?: boolean; selection?: { text: string; method: number } | null; failStart?: boolean } = {}) {
  const calls: string[] = [];
  class SelectionHook {
    static SelectionMethod = { NONE: 0, UIA: 1, AXAPI: 11, CLIPBOARD: 99 };
    #running = false;
    start(config: object) {
      calls.push(`start ${JSON.stringify(config)}`);
      this.#running = !opts.failStart;
      return this.#running;
    }
    stop() {
      calls.push('stop');
      this.#running = false;
      return true;
    }
    isRunning() {
      return this.#running;
    }
    getCurrentSelection() {
      return opts.selection ?? null;
    }
    macIsProcessTrusted() {
      return opts.trusted ?? true;
    }
    macRequestProcessTrust() {
      calls.push('ask');
      return false;
    }
    cleanup() {
      calls.push('cleanup');
    }
  }
  return { SelectionHook, calls };
}

describe('the selection source (selection-hook)', () => {
  it('starts the hook on first use, passive and with its copy-keys fallback, and tells a copy from an accessible selection', () => {
    const mod = fakeHookModule({ selection: { text: 'by UI Automation', method: 1 } });
    const opened = openSelectionSource(() => mod.SelectionHook, 'win32');
    expect(mod.calls).toEqual([]);
    expect(opened.source!.selected()).toEqual({ text: 'by UI Automation', copied: false });
    expect(mod.calls).toEqual(['start {"enableClipboard":true,"selectionPassiveMode":true}']);
    const copying = fakeHookModule({ selection: { text: 'by the copy keys', method: 99 } });
    expect(openSelectionSource(() => copying.SelectionHook, 'darwin').source!.selected()).toEqual({ text: 'by the copy keys', copied: true });
    opened.source!.close();
    expect(mod.calls.slice(1)).toEqual(['stop', 'cleanup']);
  });

  it('on macOS without the Accessibility permission, does not start, and asks the system when told', () => {
    const mod = fakeHookModule({ trusted: false, selection: { text: 'x', method: 11 } });
    const { source } = openSelectionSource(() => mod.SelectionHook, 'darwin');
    expect(source!.trusted()).toBe(false);
    expect(source!.selected()).toBeNull();
    source!.askTrust();
    expect(mod.calls).toEqual(['ask']);
  });

  it('is no source, with why, when the module is missing or will not load, and on Linux', () => {
    const missing = openSelectionSource(() => {
      throw new Error("Cannot find module 'selection-hook'");
    }, 'win32');
    expect(missing).toEqual({ source: null, why: "selection-hook could not be loaded (Cannot find module 'selection-hook')" });
    // Its native part failed to load: the class exists but cannot be made.
    const broken = openSelectionSource(
      () =>
        class {
          constructor() {
            throw new Error('Native module not loaded');
          }
        },
      'darwin',
    );
    expect(broken.source).toBeNull();
    expect(openSelectionSource(() => fakeHookModule().SelectionHook, 'linux').source).toBeNull();
  });

  it('reads nothing when the hook cannot start (Windows refused the hooks)', () => {
    const mod = fakeHookModule({ failStart: true, selection: { text: 'x', method: 1 } });
    expect(openSelectionSource(() => mod.SelectionHook, 'win32').source!.selected()).toBeNull();
  });
});
