// "Reference for support: <trace id>": selectable, with a copy button, because staff read or
// paste it to Linq support.
import { useRef, useState } from 'react';
import { shortcutText } from '../lib/shortcuts.ts';

export function TraceReference({ traceId }: { traceId: string }) {
  const codeRef = useRef<HTMLElement>(null);
  const [feedback, setFeedback] = useState<string | null>(null);

  function selectText() {
    const node = codeRef.current;
    const selection = window.getSelection();
    if (!node || !selection) return;
    const range = document.createRange();
    range.selectNodeContents(node);
    selection.removeAllRanges();
    selection.addRange(range);
  }

  async function copy() {
    try {
      await navigator.clipboard.writeText(traceId);
      setFeedback('Copied');
    } catch {
      // The clipboard may be off limits to the page; selecting lets the user copy by hand.
      selectText();
      setFeedback(`Selected: press ${shortcutText('C')} to copy`);
    }
  }

  return (
    <p className="trace">
      <span>Reference for support: </span>
      <code ref={codeRef} className="trace-id">
        {traceId}
      </code>
      <button type="button" className="link-button" onClick={copy}>
        Copy reference
      </button>
      <span className="trace-feedback" role="status">
        {feedback}
      </span>
    </p>
  );
}
