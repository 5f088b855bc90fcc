// The library: every saved reading, newest first, in a virtualized list (only the rows in view are in
// the DOM, each as tall as its wrapped text, measured), with debounced full-text search, filters by
// provider, voice and date, and per reading: play (offline, in the reader, highlighted), pin, export
// and delete (after a confirmation), each a button with its word beside its icon.
import { messageOf } from '../../../shared/ipc-error';
import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import type { ExportFormatName, ReadingSummaryView } from '../../../shared/library-ipc';
import { formatDuration, formatWhen, snippetParts } from '../app/format';
import { useVoiceNames, type VoiceNames } from '../app/voice-names';
import { useDebounced } from '../app/use-debounced';
import { rowOffsets, visibleRange } from './visible-range';
import { useAloud } from '../app/aloud-client';
import { ViewHeader } from '../app/ViewHeader';
import { ErrorNotice } from '../app/ErrorNotice';
import { ExportIcon, PinIcon, PlayIcon, TrashIcon } from '../app/icons';

/** What a row not yet measured is taken to be: the rows measured so far on average, else this. */
const FIRST_ROW_ESTIMATE = 96;
/** A window with room for the filters beside the readings: they start open there, folded elsewhere. */
const ROOMY = '(min-width: 600px) and (min-height: 500px)';

function useRoomy(): boolean {
  const [roomy, setRoomy] = useState(() => matchMedia(ROOMY).matches);
  useEffect(() => {
    const query = matchMedia(ROOMY);
    const update = () => setRoomy(query.matches);
    query.addEventListener('change', update);
    return () => query.removeEventListener('change', update);
  }, []);
  return roomy;
}

const PAGE = 100;
const DAY = 24 * 60 * 60 * 1000;
const DATE_RANGES = [
  { id: 'any', label: 'Any time', days: 0 },
  { id: 'today', label: 'Today', days: 1 },
  { id: 'week', label: 'Past 7 days', days: 7 },
  { id: 'month', label: 'Past 30 days', days: 30 },
  { id: 'year', label: 'Past year', days: 365 },
] as const;
const FORMATS: { id: ExportFormatName; label: string }[] = [
  { id: 'wav', label: 'Audio, WAV' },
  { id: 'compressed', label: 'Audio, compressed (Opus or MP3)' },
  { id: 'srt', label: 'Captions, SRT' },
  { id: 'vtt', label: 'Captions, WebVTT' },
  { id: 'txt', label: 'Text' },
];

type Item = ReadingSummaryView & { snippet?: string };

export function LibraryView({ active, onPlay }: { active: boolean; onPlay: () => void }) {
  const aloud = useAloud();
  const [query, setQuery] = useState('');
  const [provider, setProvider] = useState('');
  const [voice, setVoice] = useState('');
  const [range, setRange] = useState<(typeof DATE_RANGES)[number]['id']>('any');
  const [items, setItems] = useState<Item[]>([]);
  const [next, setNext] = useState<{ createdAt: number; id: string } | null>(null);
  const [loaded, setLoaded] = useState(false);
  const [announcement, setAnnouncement] = useState('');
  const [error, setError] = useState('');
  // Why readings are not saved, or what was found damaged: main's one sentence with the path and what to do.
  const [status, setStatus] = useState<{ available: boolean; problem: string | null } | null>(null);
  const [confirming, setConfirming] = useState<string | null>(null);
  const [exporting, setExporting] = useState<Item[] | null>(null);
  const [known, setKnown] = useState<{ providers: Set<string>; voices: Map<string, Set<string>> }>({ providers: new Set(['builtin']), voices: new Map() });
  const debounced = useDebounced(query.trim(), 250);
  const names = useVoiceNames(active);
  const loadingMore = useRef(false);
  const generation = useRef(0);

  const filter = useMemo(() => {
    const days = DATE_RANGES.find((r) => r.id === range)!.days;
    return {
      ...(provider ? { provider } : {}),
      ...(voice ? { voice } : {}),
      ...(days ? { from: Math.max(0, Date.now() - days * DAY) } : {}),
    };
  }, [provider, voice, range]);

  const remember = useCallback((rows: Item[]) => {
    setKnown((k) => {
      let changed = false;
      for (const r of rows) {
        if (!k.providers.has(r.provider)) {
          k.providers.add(r.provider);
          changed = true;
        }
        const vs = k.voices.get(r.provider) ?? new Set<string>();
        if (!vs.has(r.voice)) {
          vs.add(r.voice);
          k.voices.set(r.provider, vs);
          changed = true;
        }
      }
      return changed ? { providers: new Set(k.providers), voices: new Map(k.voices) } : k;
    });
  }, []);

  const load = useCallback(async () => {
    const g = ++generation.current;
    try {
      if (debounced) {
        const { items: hits } = await aloud.library.search({ query: debounced, filter, limit: 200 });
        if (g !== generation.current) return;
        setItems(hits);
        setNext(null);
        remember(hits);
        setAnnouncement(hits.length === 0 ? `Nothing in the library matches “${debounced}”.` : `${hits.length === 200 ? 'At least 200' : hits.length} ${hits.length === 1 ? 'reading matches' : 'readings match'} “${debounced}”.`);
      } else {
        const page = await aloud.library.list({ filter, limit: PAGE });
        if (g !== generation.current) return;
        setItems(page.items);
        setNext(page.next);
        remember(page.items);
        setAnnouncement(page.items.length === 0 ? 'No readings to show.' : `${page.next ? `${page.items.length} or more` : page.items.length} ${page.items.length === 1 ? 'reading' : 'readings'}, newest first.`);
      }
      setError('');
    } catch (err) {
      if (g === generation.current) setError(messageOf(err));
    } finally {
      if (g === generation.current) setLoaded(true);
    }
  }, [debounced, filter, remember]);

  useEffect(() => {
    if (active) void load();
  }, [active, load]);

  useEffect(() => {
    if (active) aloud.library.status().then(setStatus, () => setStatus(null));
  }, [active]);
  const unavailable = status?.available === false;

  // A reading that just ended is in the library now.
  useEffect(() => {
    if (!active) return;
    return aloud.on('reading:ended', () => void setTimeout(() => void load(), 300));
  }, [active, load]);

  const loadMore = useCallback(async () => {
    if (!next || loadingMore.current || debounced) return;
    loadingMore.current = true;
    const g = generation.current;
    try {
      const page = await aloud.library.list({ filter, limit: PAGE, after: next });
      if (g !== generation.current) return;
      setItems((old) => [...old, ...page.items]);
      setNext(page.next);
      remember(page.items);
    } catch (err) {
      setError(messageOf(err));
    } finally {
      loadingMore.current = false;
    }
  }, [next, debounced, filter, remember]);

  const play = async (item: Item) => {
    try {
      await aloud.library.play({ id: item.id });
      onPlay();
    } catch (err) {
      setError(messageOf(err));
    }
  };
  const pin = async (item: Item) => {
    try {
      const { pinned } = await aloud.library.pin({ id: item.id, pinned: !item.pinned });
      setItems((old) => old.map((r) => (r.id === item.id ? { ...r, pinned } : r)));
      setAnnouncement(pinned ? 'Pinned: the size and age limit will keep it.' : 'Unpinned.');
    } catch (err) {
      setError(messageOf(err));
    }
  };
  const remove = async (item: Item) => {
    try {
      await aloud.library.delete({ id: item.id });
      setItems((old) => old.filter((r) => r.id !== item.id));
      setConfirming(null);
      setAnnouncement('Reading deleted.');
    } catch (err) {
      setError(messageOf(err));
    }
  };

  const roomy = useRoomy();
  const filtersOn = [provider, voice, range !== 'any' ? range : ''].filter(Boolean).length;
  const voices = provider ? [...(known.voices.get(provider) ?? [])] : [...new Set([...known.voices.values()].flatMap((s) => [...s]))];

  return (
    <div className="view library">
      <ViewHeader title="Library" announcement={announcement} />

      {(status?.problem || unavailable) && (
        <ErrorNotice className="library-problem">
          {status?.problem ?? 'The library could not be opened, so readings are not being saved. Restart Aloud to try again.'}
        </ErrorNotice>
      )}

      {!unavailable && (
        <>
          <search className="library-tools" aria-label="Find readings">
            <div className="field grow">
              <label htmlFor="library-search">Search the library</label>
              <input id="library-search" type="search" value={query} onChange={(e) => setQuery(e.target.value)} placeholder="Words from the text" autoComplete="off" spellCheck={false} />
            </div>
            {/* Folded in a small window (zoom), so the readings come into view under the search. */}
            <details className="library-filters" key={roomy ? 'roomy' : 'small'} open={roomy || undefined}>
              <summary>Filters and export{filtersOn > 0 ? ` (${filtersOn} on)` : ''}</summary>
              <div className="library-filter-fields">
                <div className="field">
                  <label htmlFor="library-provider">Provider</label>
                  <select id="library-provider" value={provider} onChange={(e) => (setProvider(e.target.value), setVoice(''))}>
                    <option value="">All providers</option>
                    {[...known.providers].sort().map((p) => (
                      <option key={p} value={p}>
                        {names.provider(p)}
                      </option>
                    ))}
                  </select>
                </div>
                <div className="field">
                  <label htmlFor="library-voice">Voice</label>
                  <select id="library-voice" value={voice} onChange={(e) => setVoice(e.target.value)}>
                    <option value="">All voices</option>
                    {voices.sort().map((v) => (
                      <option key={v} value={v}>
                        {names.voiceOnly(v, provider || undefined)}
                      </option>
                    ))}
                  </select>
                </div>
                <div className="field">
                  <label htmlFor="library-date">Date</label>
                  <select id="library-date" value={range} onChange={(e) => setRange(e.target.value as typeof range)}>
                    {DATE_RANGES.map((r) => (
                      <option key={r.id} value={r.id}>
                        {r.label}
                      </option>
                    ))}
                  </select>
                </div>
                <button type="button" className="control small export-all" disabled={items.length === 0} onClick={() => setExporting(items.filter((r) => r.status !== 'recording'))}>
                  Export shown…
                </button>
              </div>
            </details>
          </search>

          {error && (
            <ErrorNotice>
              {error}
            </ErrorNotice>
          )}

          <VirtualList
            items={items}
            resetKey={JSON.stringify([debounced, filter])}
            empty={loaded ? (debounced || provider || voice || range !== 'any' ? 'No readings match.' : 'Nothing saved yet. Every reading lands here, to play again offline.') : 'Loading…'}
            onNearEnd={() => void loadMore()}
            render={(item) => (
              <Row
                item={item}
                names={names}
                confirming={confirming === item.id}
                onPlay={() => void play(item)}
                onPin={() => void pin(item)}
                onExport={() => setExporting([item])}
                onAskDelete={() => setConfirming(item.id)}
                onCancelDelete={() => setConfirming(null)}
                onDelete={() => void remove(item)}
              />
            )}
          />
        </>
      )}

      {exporting && (
        <ExportDialog
          items={exporting}
          onClose={(message) => {
            setExporting(null);
            if (message) setAnnouncement(message);
          }}
        />
      )}
    </div>
  );
}

interface VirtualListProps {
  items: Item[];
  /** A new search or filter: back to the top. */
  resetKey: string;
  empty: string;
  onNearEnd: () => void;
  render: (item: Item) => React.ReactNode;
}

function VirtualList({ items, resetKey, empty, onNearEnd, render }: VirtualListProps) {
  const viewport = useRef<HTMLDivElement>(null);
  const [scrollTop, setScrollTop] = useState(0);
  const [height, setHeight] = useState(600);
  // Each rendered row's height, by reading id: its text wraps by the window's width, zoom and text size.
  const heights = useRef(new Map<string, number>());
  const [measured, setMeasured] = useState(0);
  const rows = useRef(new Map<string, HTMLLIElement>());
  const observer = useMemo(
    () =>
      new ResizeObserver((entries) => {
        let changed = false;
        for (const entry of entries) {
          const id = (entry.target as HTMLElement).dataset.id;
          const h = (entry.target as HTMLElement).offsetHeight;
          if (id && h > 0 && heights.current.get(id) !== h) {
            heights.current.set(id, h);
            changed = true;
          }
        }
        if (changed) setMeasured((n) => n + 1);
      }),
    [],
  );
  useEffect(() => () => observer.disconnect(), [observer]);

  useLayoutEffect(() => {
    if (viewport.current) viewport.current.scrollTop = 0;
    setScrollTop(0);
  }, [resetKey]);

  useLayoutEffect(() => {
    const el = viewport.current;
    if (!el) return;
    const ro = new ResizeObserver(() => setHeight(el.clientHeight));
    ro.observe(el);
    setHeight(el.clientHeight);
    return () => ro.disconnect();
  }, []);

  const tops = useMemo(() => {
    const known = [...heights.current.values()];
    const estimate = known.length > 0 ? known.reduce((a, b) => a + b, 0) / known.length : FIRST_ROW_ESTIMATE;
    return rowOffsets(items.length, (i) => heights.current.get(items[i]!.id) ?? estimate);
  }, [items, measured]);
  const { start, end } = visibleRange(tops, scrollTop, height);
  useEffect(() => {
    if (end >= items.length - 10) onNearEnd();
  }, [end, items.length, onNearEnd]);

  const measure = (id: string) => (el: HTMLLIElement | null) => {
    const old = rows.current.get(id);
    if (old && old !== el) observer.unobserve(old);
    if (el) {
      rows.current.set(id, el);
      observer.observe(el);
    } else rows.current.delete(id);
  };

  return (
    <div className="library-list" ref={viewport} onScroll={(e) => setScrollTop(e.currentTarget.scrollTop)}>
      {items.length === 0 ? (
        <p className="library-empty">{empty}</p>
      ) : (
        <ul className="library-rows" aria-label="Saved readings" style={{ height: tops[items.length] }}>
          {items.slice(start, end).map((item, i) => (
            <li key={item.id} ref={measure(item.id)} data-id={item.id} className="library-row" aria-setsize={items.length} aria-posinset={start + i + 1} style={{ top: tops[start + i] }}>
              {render(item)}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

interface RowProps {
  names: VoiceNames;
  item: Item;
  confirming: boolean;
  onPlay(): void;
  onPin(): void;
  onExport(): void;
  onAskDelete(): void;
  onCancelDelete(): void;
  onDelete(): void;
}

/** A reading not saved whole says so; a partial or stopped one still plays and exports as far as it got. */
const STATUS_BADGES: Record<Item['status'], string> = {
  complete: '',
  recording: 'Saving…',
  partial: 'Partial: cut off',
  stopped: 'Stopped part way',
};

function Row({ item, names, confirming, onPlay, onPin, onExport, onAskDelete, onCancelDelete, onDelete }: RowProps) {
  const titleId = `reading-${item.id}`;
  const status = STATUS_BADGES[item.status];
  return (
    <>
      <div className="row-main">
        <p className="row-title" id={titleId}>
          {item.pinned && <PinIcon filled label="Pinned" />}
          {item.snippet
            ? snippetParts(item.snippet).map((p, i) => (p.match ? <mark key={i}>{p.text}</mark> : <span key={i}>{p.text}</span>))
            : item.preview}
        </p>
        <p className="row-meta">
          {formatWhen(item.createdAt)} · {names.voice(item.provider, item.voice)} · {formatDuration(item.durationMs)}
          {status && <span className="row-badge"> · {status}</span>}
        </p>
      </div>
      <div className="row-actions">
        {confirming ? (
          <>
            <span className="row-confirm">Delete this reading?</span>
            <button type="button" className="control small danger" onClick={onDelete} aria-describedby={titleId} autoFocus>
              Delete
            </button>
            <button type="button" className="control small" onClick={onCancelDelete}>
              Keep
            </button>
          </>
        ) : (
          <>
            <button type="button" className="control small accent" onClick={onPlay} disabled={item.status === 'recording'} aria-describedby={titleId}>
              <PlayIcon size={16} />
              <span>Play</span>
            </button>
            {/* A toggle keeps its name; pressed, its pin is filled and it says so in its tooltip. */}
            <button type="button" className="control small row-action" onClick={onPin} aria-pressed={item.pinned} aria-describedby={titleId} title={item.pinned ? 'Pinned: the size and age limit keeps it. Press to unpin.' : 'Pin: the size and age limit will keep it'}>
              <PinIcon filled={item.pinned} />
              <span>Pin</span>
            </button>
            <button type="button" className="control small row-action" onClick={onExport} aria-describedby={titleId} title="Export as audio, captions or text">
              <ExportIcon />
              <span>Export</span>
            </button>
            <button type="button" className="control small row-action" onClick={onAskDelete} aria-describedby={titleId} title="Delete, after asking">
              <TrashIcon />
              <span>Delete</span>
            </button>
          </>
        )}
      </div>
    </>
  );
}

function ExportDialog({ items, onClose }: { items: Item[]; onClose: (message?: string) => void }) {
  const aloud = useAloud();
  const ref = useRef<HTMLDialogElement>(null);
  const [formats, setFormats] = useState<Set<ExportFormatName>>(new Set(['compressed', 'srt']));
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');
  useEffect(() => {
    const dialog = ref.current;
    if (dialog && !dialog.open) dialog.showModal();
  }, []);
  const toggle = (f: ExportFormatName) =>
    setFormats((old) => {
      const s = new Set(old);
      if (s.has(f)) s.delete(f);
      else s.add(f);
      return s;
    });
  const run = async () => {
    setBusy(true);
    try {
      const r = await aloud.library.export({ ids: items.map((i) => i.id), formats: [...formats] });
      onClose(r.canceled ? 'Export cancelled.' : `Exported ${r.files.length} ${r.files.length === 1 ? 'file' : 'files'} to ${r.folder}.`);
    } catch (err) {
      setError(messageOf(err));
      setBusy(false);
    }
  };
  return (
    <dialog ref={ref} className="dialog" aria-labelledby="export-title" onClose={() => onClose()} onCancel={() => onClose()}>
      <h3 id="export-title" className="dialog-title">
        {items.length === 1 ? 'Export reading' : `Export ${items.length} readings`}
      </h3>
      <p className="dialog-lead">{items.length === 1 ? items[0]!.preview.slice(0, 90) : 'One file per reading and format, into the folder you choose.'}</p>
      <fieldset className="checks">
        <legend>Formats</legend>
        {FORMATS.map((f) => (
          <label key={f.id} className="check">
            <input type="checkbox" checked={formats.has(f.id)} onChange={() => toggle(f.id)} />
            {f.label}
          </label>
        ))}
      </fieldset>
      {error && (
        <ErrorNotice>
          {error}
        </ErrorNotice>
      )}
      <div className="dialog-actions">
        <button type="button" className="control" onClick={() => onClose()}>
          Cancel
        </button>
        <button type="button" className="control accent" disabled={formats.size === 0 || items.length === 0 || busy} onClick={() => void run()}>
          {busy ? 'Exporting…' : 'Choose folder and export'}
        </button>
      </div>
    </dialog>
  );
}
