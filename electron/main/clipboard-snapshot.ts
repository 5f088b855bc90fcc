// The user's clipboard kept whole around a simulated copy: every item, in every format it offers
// (text, HTML, RTF, an image, files), read out at once (items the system hands over are live, so
// they would give the copy's text later), and written back in one go.
type Payload = Blob | { title: string; url: string };
export type ClipboardSnapshot = Record<string, Payload>[];

/** One item on the clipboard, as Electron's ClipboardItem gives it. */
export interface ClipboardEntry {
  readonly types: readonly string[];
  getType(type: string): Promise<Payload>;
}

export interface WholeClipboard {
  read(): Promise<ClipboardEntry[]>;
  write(items: ClipboardEntry[]): Promise<void>;
}

export async function snapshotClipboard(clipboard: WholeClipboard): Promise<ClipboardSnapshot> {
  const items = await clipboard.read();
  return Promise.all(
    items.map(async (item) => {
      const kept: Record<string, Payload> = {};
      for (const type of item.types) {
        try {
          kept[type] = await item.getType(type);
        } catch {
          // A format the system lists but will not hand over (some private formats): the rest is kept.
        }
      }
      return kept;
    }),
  );
}

/** `makeItem`: Electron's ClipboardItem constructor (injected, so this runs without Electron). */
export async function restoreClipboard(clipboard: WholeClipboard, snapshot: ClipboardSnapshot, makeItem: (data: Record<string, Payload>) => ClipboardEntry): Promise<void> {
  await clipboard.write(snapshot.filter((item) => Object.keys(item).length > 0).map(makeItem));
}
