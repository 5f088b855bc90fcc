// Which text a "read" takes. On Linux the PRIMARY selection (whatever is highlighted, no copy needed)
// is the natural source; other systems have no such thing, so the clipboard stands in.
// Electron 45's clipboard is asynchronous, and its PRIMARY selection is `clipboard.selection`
// (a clipboard of its own, present on Linux only) rather than the old readText('selection').
export interface TextClipboard {
  readText(): Promise<string>;
  readonly selection?: { readText(): Promise<string> } | undefined;
}

export async function captureSelection(clipboard: TextClipboard, platform: NodeJS.Platform): Promise<string> {
  if (platform === 'linux' && clipboard.selection) {
    const selection = await clipboard.selection.readText();
    if (selection.trim()) return selection;
  }
  return clipboard.readText();
}

export function captureClipboard(clipboard: TextClipboard): Promise<string> {
  return clipboard.readText();
}
