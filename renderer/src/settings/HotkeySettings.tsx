// Settings' hotkeys: each action with its keys, changed by pressing the new keys (a key recorder),
// removed, or put back to the default. Keys that cannot be a hotkey or that another action has are
// said at once, before main is asked; keys the desktop refuses come back from main in one sentence.
// A table in columns: the action, its keys (or None), then Change, Remove and Default, each button in
// its own column whether or not a row has it.
import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import {
  acceleratorLabel,
  acceleratorOfKeyPress,
  acceleratorProblem,
  DEFAULT_HOTKEYS,
  heldModifiersLabel,
  HOTKEY_ACTION_TEXT,
  hotkeyConflict,
  type HotkeyAction,
  type HotkeyBindings,
} from '../../../shared/hotkeys';
import type { SettingsView } from '../../../shared/settings-ipc';
import { messageOf } from '../../../shared/ipc-error';

interface Props {
  hotkeys: SettingsView['hotkeys'];
  platform: SettingsView['platform'];
  whenNothingSelected: SettingsView['whenNothingSelected'];
  onWhenNothingSelected(choice: SettingsView['whenNothingSelected']): void;
  /** Saves one action's keys (null: none); rejects with main's reason when refused. */
  onSave(action: HotkeyAction, accelerator: string | null, said: string): Promise<void>;
}

export function HotkeySettings({ hotkeys, platform, whenNothingSelected, onWhenNothingSelected, onSave }: Props) {
  const [recording, setRecording] = useState<HotkeyAction | null>(null);
  const [held, setHeld] = useState('');
  // The last refusal, beside the action it is about.
  const [refusal, setRefusal] = useState<{ action: HotkeyAction; message: string } | null>(null);
  const recorder = useRef<HTMLButtonElement>(null);
  const bindings = Object.fromEntries(hotkeys.map((h) => [h.action, h.accelerator])) as HotkeyBindings;
  const label = (keys: string) => acceleratorLabel(keys, platform);

  useEffect(() => {
    if (recording) recorder.current?.focus();
  }, [recording]);

  const save = async (action: HotkeyAction, keys: string | null) => {
    const name = HOTKEY_ACTION_TEXT[action];
    try {
      await onSave(action, keys, keys ? `${name}: ${label(keys)}.` : `${name} has no hotkey now.`);
      setRefusal(null);
      return true;
    } catch (err) {
      setRefusal({ action, message: messageOf(err) });
      return false;
    }
  };

  const stopRecording = (action: HotkeyAction) => {
    setRecording(null);
    setHeld('');
    // Focus goes back to the button that started it, so the keyboard user is where they were.
    requestAnimationFrame(() => document.getElementById(`hotkey-change-${action}`)?.focus());
  };

  const onRecorderKey = (action: HotkeyAction, e: KeyboardEvent<HTMLButtonElement>) => {
    // Every key goes to the recorder: none types, scrolls or reaches the reader's own shortcuts.
    e.preventDefault();
    e.stopPropagation();
    const plain = !e.ctrlKey && !e.altKey && !e.metaKey && !e.shiftKey;
    if (plain && e.key === 'Escape') return stopRecording(action);
    if (plain && e.key === 'Tab') return stopRecording(action);
    const keys = acceleratorOfKeyPress(e, platform);
    if (keys === null) {
      setHeld(heldModifiersLabel(e, platform));
      return;
    }
    const problem = acceleratorProblem(keys, platform);
    const other = hotkeyConflict(bindings, action, keys, platform);
    if (problem || other) {
      setHeld('');
      setRefusal({ action, message: problem ?? `${label(keys)} is already the hotkey for ${HOTKEY_ACTION_TEXT[other!]}: choose other keys, or change that one first.` });
      return;
    }
    void save(action, keys).then((ok) => (ok ? stopRecording(action) : setHeld('')));
  };

  return (
    <section className="card" aria-labelledby="hotkeys-heading">
      <h2 id="hotkeys-heading" className="card-title" tabIndex={-1}>
        Hotkeys
      </h2>
      <p className="hint">They work in every application while Aloud is running. To change one, choose Change and press the new keys.</p>
      <div className="form-grid">
        <label htmlFor="when-nothing-selected">Read the selection, with nothing selected</label>
        <select id="when-nothing-selected" value={whenNothingSelected} onChange={(e) => onWhenNothingSelected(e.target.value as SettingsView['whenNothingSelected'])}>
          <option value="clipboard">Reads the clipboard</option>
          <option value="say">Says nothing is selected</option>
        </select>
      </div>
      <ul className="hotkey-list" aria-label="Hotkeys">
        {hotkeys.map(({ action, accelerator, problem }) => {
          const name = HOTKEY_ACTION_TEXT[action];
          const said = refusal?.action === action ? refusal.message : problem;
          const isDefault = accelerator === DEFAULT_HOTKEYS[action];
          return (
            <li key={action} className="hotkey-row">
              <span className="hotkey-action" id={`hotkey-${action}`}>
                {name}
              </span>
              {recording === action ? (
                <button
                  ref={recorder}
                  type="button"
                  className="hotkey-recorder"
                  aria-describedby={`hotkey-${action}-said`}
                  onKeyDown={(e) => onRecorderKey(action, e)}
                  onKeyUp={(e) => setHeld(heldModifiersLabel(e, platform))}
                  onBlur={() => {
                    setRecording(null);
                    setHeld('');
                  }}
                >
                  {held || 'Press the new keys… (Esc to cancel)'}
                </button>
              ) : (
                <span className="hotkey-keys">{accelerator ? <kbd>{label(accelerator)}</kbd> : <span className="hotkey-none">None</span>}</span>
              )}
              <span className="hotkey-button">
                <button
                  type="button"
                  id={`hotkey-change-${action}`}
                  className="control small"
                  aria-label={`Change the hotkey for ${name}`}
                  onClick={() => {
                    setRefusal(null);
                    setRecording(action);
                  }}
                >
                  Change
                </button>
              </span>
              <span className="hotkey-button">
                {accelerator !== null && (
                  <button type="button" className="control small" aria-label={`Remove the hotkey for ${name}`} onClick={() => void save(action, null)}>
                    Remove
                  </button>
                )}
              </span>
              <span className="hotkey-button">
                {!isDefault && DEFAULT_HOTKEYS[action] !== null && (
                  <button type="button" className="control small" aria-label={`Put back ${label(DEFAULT_HOTKEYS[action])} for ${name}`} onClick={() => void save(action, DEFAULT_HOTKEYS[action])}>
                    Default
                  </button>
                )}
              </span>
              <p id={`hotkey-${action}-said`} className="hotkey-problem" hidden={!said} role={refusal?.action === action ? 'alert' : undefined}>
                {said}
              </p>
            </li>
          );
        })}
      </ul>
      {platform === 'linux' && (
        <details className="advanced">
          <summary>Advanced: when a hotkey does not work (Wayland)</summary>
          <p className="hint">
            Some Linux desktops (Wayland) do not let Aloud set a hotkey. Add a shortcut in your desktop’s keyboard settings instead that runs this command: <code>aloud --read-selection</code> (or <code>--toggle-pause</code>, <code>--stop</code>, <code>--next-sentence</code>…). Aloud’s guide shows how in GNOME, KDE and Sway.
          </p>
        </details>
      )}
    </section>
  );
}
