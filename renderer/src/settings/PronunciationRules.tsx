// Settings' pronunciation rules: the list (each with what it finds, what is said, and for what), a form
// to add or change one, a sentence box that shows and speaks a text as the rules make it, and import and
// export as Aloud's JSON or the `find=replace` lists other readers use.
import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { parseRulesFile, plainRule, ruleProblem, rulesToFindReplace, rulesToJson, type PronunciationRule } from '../../../shared/pronunciation';
import { useAloud } from '../app/aloud-client';
import { languageName } from '../app/language-name';
import { messageOf } from '../../../shared/ipc-error';
import { ErrorNotice } from '../app/ErrorNotice';

interface Props {
  rules: readonly PronunciationRule[];
  /** Saves the whole list; rejects with the reason when it is refused. */
  onSave(rules: PronunciationRule[], said: string): Promise<void>;
  /** The reading voice's key and name, for a rule for this voice alone. */
  readingVoice: { key: string; name: string };
}

const EMPTY = plainRule('', '');

/** What a rule applies to, in a few words. */
function scope(rule: PronunciationRule, voiceName: (key: string) => string): string {
  return [
    rule.regex ? 'regular expression' : rule.wholeWord ? 'whole word' : 'anywhere in a word',
    rule.matchCase ? 'case as written' : 'any case',
    rule.language ? `${languageName(rule.language)} only` : 'every language',
    rule.voice ? `${voiceName(rule.voice)} only` : 'every voice',
  ].join(' · ');
}


function download(name: string, text: string, type: string): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export function PronunciationRules({ rules, onSave, readingVoice }: Props) {
  const aloud = useAloud();
  const [draft, setDraft] = useState<PronunciationRule>(EMPTY);
  /** The index of the rule being changed; null while adding. */
  const [editing, setEditing] = useState<number | null>(null);
  const [problem, setProblem] = useState('');
  const [trial, setTrial] = useState('');
  const [heard, setHeard] = useState<string | null>(null);
  const [importNote, setImportNote] = useState('');
  const fileRef = useRef<HTMLInputElement>(null);
  const advancedRef = useRef<HTMLDetailsElement>(null);
  useEffect(() => {
    if (editing !== null && rules[editing]?.regex && advancedRef.current) advancedRef.current.open = true;
  }, [editing]);
  const id = useId();
  const voiceName = (key: string) => (key === readingVoice.key ? readingVoice.name : key.replace(/^[^/]*\//u, ''));

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const rule = { ...draft, find: draft.find, language: draft.language?.trim().toLowerCase() || null };
    const why = ruleProblem(rule);
    if (why) {
      setProblem(why);
      return;
    }
    const next = editing === null ? [...rules, rule] : rules.map((r, i) => (i === editing ? rule : r));
    try {
      await onSave(next, editing === null ? `Rule added: ${rule.find} is said ${rule.replace || 'as nothing'}.` : 'Rule changed.');
      setDraft(EMPTY);
      setEditing(null);
      setProblem('');
    } catch (err) {
      setProblem(messageOf(err));
    }
  };

  const remove = (index: number) => void onSave(rules.filter((_, i) => i !== index), `Rule removed: ${rules[index]!.find}.`).catch((err: unknown) => setProblem(messageOf(err)));

  const importFile = async (file: File) => {
    const { rules: read, problems } = parseRulesFile(await file.text());
    try {
      if (read.length > 0) await onSave([...rules, ...read], `${read.length} ${read.length === 1 ? 'rule' : 'rules'} imported.`);
      setImportNote(
        `${read.length} ${read.length === 1 ? 'rule' : 'rules'} imported from ${file.name}.${problems.length ? ` Not imported: ${problems.slice(0, 5).join(' ')}${problems.length > 5 ? ` (and ${problems.length - 5} more)` : ''}` : ''}`,
      );
    } catch (err) {
      setImportNote(`Nothing imported from ${file.name}: ${messageOf(err)}`);
    }
  };

  const showHeard = async () => {
    try {
      setHeard((await aloud.text.asHeard({ text: trial })).sentences.join(' '));
    } catch (err) {
      setHeard(null);
      setProblem(messageOf(err));
    }
  };

  const set = (change: Partial<PronunciationRule>) => {
    setDraft((d) => ({ ...d, ...change }));
    setProblem('');
  };

  return (
    <section className="card" aria-labelledby="pronunciation-heading">
      <h2 id="pronunciation-heading" className="card-title" tabIndex={-1}>
        Pronunciation
      </h2>
      <p className="hint">Fix how a word is said: a name, an abbreviation, a term the voice gets wrong. From the next reading on; the text shown stays as it is.</p>

      {rules.length === 0 ? (
        <p className="muted">No rules yet.</p>
      ) : (
        <ul className="providers pronunciation-list" aria-label="Pronunciation rules">
          {rules.map((r, i) => (
            <li key={`${i}-${r.find}`} className="provider">
              <div className="provider-head">
                <div>
                  <p className="provider-name">
                    <span className="pronunciation-find">{r.find}</span> is said {r.replace ? <q>{r.replace}</q> : <em>as nothing</em>}
                  </p>
                  <p className="provider-meta">{scope(r, voiceName)}</p>
                </div>
                <div className="provider-actions">
                  <button
                    type="button"
                    className="control small"
                    aria-label={`Change the rule for ${r.find}`}
                    onClick={() => {
                      setDraft(r);
                      setEditing(i);
                      setProblem('');
                    }}
                  >
                    Change
                  </button>
                  <button type="button" className="control small" aria-label={`Remove the rule for ${r.find}`} onClick={() => remove(i)}>
                    Remove
                  </button>
                </div>
              </div>
            </li>
          ))}
        </ul>
      )}

      <form className="pronunciation-form" onSubmit={(e) => void submit(e)} aria-label={editing === null ? 'Add a pronunciation rule' : 'Change the pronunciation rule'}>
        <div className="form-grid">
          <label htmlFor={`${id}-find`}>Find</label>
          <input id={`${id}-find`} value={draft.find} onChange={(e) => set({ find: e.target.value })} placeholder="e.g. SQL" spellCheck={false} autoComplete="off" />
          <label htmlFor={`${id}-replace`}>Say it as</label>
          <input id={`${id}-replace`} value={draft.replace} onChange={(e) => set({ replace: e.target.value })} placeholder="e.g. sequel (empty: skip it)" spellCheck={false} autoComplete="off" />
          <label htmlFor={`${id}-language`}>Language</label>
          <select id={`${id}-language`} value={draft.language ?? ''} onChange={(e) => set({ language: e.target.value || null })}>
            <option value="">Every language</option>
            {['en', 'fr', 'de', 'es', 'it', 'pt', 'nl', 'sv', 'pl', 'ru', 'uk', 'tr', 'ar', 'hi', 'zh', 'ja', 'ko'].map((code) => (
              <option key={code} value={code}>
                {languageName(code)} only
              </option>
            ))}
          </select>
          <label htmlFor={`${id}-voice`}>Voice</label>
          <select id={`${id}-voice`} value={draft.voice ?? ''} onChange={(e) => set({ voice: e.target.value || null })}>
            <option value="">Every voice</option>
            <option value={readingVoice.key}>{readingVoice.name} only</option>
            {draft.voice && draft.voice !== readingVoice.key && <option value={draft.voice}>{voiceName(draft.voice)} only</option>}
          </select>
        </div>
        <div className="pronunciation-flags">
          <label className="check">
            <input type="checkbox" checked={draft.wholeWord} onChange={(e) => set({ wholeWord: e.target.checked })} />
            Whole word only
          </label>
          <label className="check">
            <input type="checkbox" checked={draft.matchCase} onChange={(e) => set({ matchCase: e.target.checked })} />
            Match case
          </label>
        </div>
        {/* Pattern syntax is for those who know it; opened for a rule being changed that uses it. */}
        <details className="advanced" ref={advancedRef}>
          <summary>Advanced: patterns</summary>
          <label className="check">
            <input type="checkbox" checked={draft.regex} onChange={(e) => set({ regex: e.target.checked })} aria-describedby={`${id}-regex-hint`} />
            Find is a regular expression
          </label>
          <p id={`${id}-regex-hint`} className="hint">
            In “Say it as”, $1 repeats what the first group in brackets found.
          </p>
        </details>
        {problem && (
          <ErrorNotice>
            {problem}
          </ErrorNotice>
        )}
        <div className="provider-actions">
          <button type="submit" className="control small accent" disabled={!draft.find}>
            {editing === null ? 'Add rule' : 'Save rule'}
          </button>
          {editing !== null && (
            <button
              type="button"
              className="control small"
              onClick={() => {
                setDraft(EMPTY);
                setEditing(null);
                setProblem('');
              }}
            >
              Cancel
            </button>
          )}
        </div>
      </form>

      <div className="pronunciation-trial">
        <label htmlFor={`${id}-trial`}>Try a sentence</label>
        <textarea id={`${id}-trial`} rows={2} value={trial} onChange={(e) => setTrial(e.target.value)} placeholder="Type a sentence with the word" spellCheck={false} />
        <div className="provider-actions">
          <button type="button" className="control small" disabled={!trial.trim()} onClick={() => void showHeard()}>
            Show how it is said
          </button>
          <button type="button" className="control small" disabled={!trial.trim()} onClick={() => void aloud.reading.start({ text: trial, mode: 'replace' }).catch((err: unknown) => setProblem(messageOf(err)))}>
            Hear it
          </button>
        </div>
        <p className="pronunciation-heard" aria-live="polite">
          {heard !== null && (
            <>
              Said as: <q>{heard}</q>
            </>
          )}
        </p>
      </div>

      <div className="provider-actions">
        <button type="button" className="control small" onClick={() => fileRef.current?.click()}>
          Import rules…
        </button>
        <input
          ref={fileRef}
          type="file"
          accept=".json,.txt,.dic,text/plain,application/json"
          hidden
          aria-label="Rules file to import"
          onChange={(e) => {
            const file = e.target.files?.[0];
            e.target.value = '';
            if (file) void importFile(file);
          }}
        />
        <button type="button" className="control small" disabled={rules.length === 0} onClick={() => download('aloud-pronunciation.json', rulesToJson(rules), 'application/json')}>
          Export as JSON
        </button>
        <button
          type="button"
          className="control small"
          disabled={rules.length === 0}
          onClick={() => {
            const { text, left } = rulesToFindReplace(rules);
            download('aloud-pronunciation.txt', text, 'text/plain');
            if (left > 0) setImportNote(`${left} ${left === 1 ? 'rule does' : 'rules do'} not fit a find=replace list (a regular expression, or for one language or voice): export as JSON to keep ${left === 1 ? 'it' : 'them'}.`);
          }}
        >
          Export as find=replace
        </button>
      </div>
      {importNote && (
        <p className="hint" role="status">
          {importNote}
        </p>
      )}
    </section>
  );
}
