// The reader's keyboard shortcuts, listed under its "?" button (use-reader-keys.ts handles the window's
// keys, use-word-cursor.ts the text's).

export function ReaderHelp() {
  return (
    <section id="reader-help" className="help" aria-label="Keyboard shortcuts">
      <dl>
        <dt><kbd>Space</kbd></dt><dd>Pause or resume</dd>
        <dt><kbd>←</kbd> <kbd>→</kbd></dt><dd>Previous or next sentence</dd>
        <dt><kbd>R</kbd></dt><dd>Restart from the beginning</dd>
        <dt><kbd>Ctrl</kbd>+<kbd>←</kbd> <kbd>→</kbd></dt><dd>In the text: choose a word</dd>
        <dt><kbd>Enter</kbd></dt><dd>In the text: read from the chosen or selected word</dd>
        <dt><kbd>Esc</kbd></dt><dd>Stop (or close this list)</dd>
        <dt><kbd>+</kbd> <kbd>−</kbd></dt><dd>Larger or smaller text</dd>
        <dt><kbd>?</kbd></dt><dd>Show or hide these shortcuts</dd>
        <dt>Media keys</dt><dd>Play, pause, previous and next sentence, stop</dd>
      </dl>
    </section>
  );
}
