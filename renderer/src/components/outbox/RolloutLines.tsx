// A rollout's lines in submission order, behind its "Show the N lines" button: each line's
// number, the name it sets and its state (held, sent first, waiting, sent…). Held lines are in
// no other list, so this is where staff see which lines wait and which went first. Virtualised
// (an import may hold thousands) and read again as the outbox changes, keeping scroll, focus
// and the selected row.
import { useEffect, useRef } from 'react';
import type { RolloutSummary } from '../../../../shared/rollout.schema.ts';
import { listHeight } from '../../lib/list-height.ts';
import { cardNameAfter } from '../../lib/outbox-text.ts';
import { usePhoneFormatter } from '../../lib/phone-rules.ts';
import { linesToggleText, rolloutLineText } from '../../lib/rollout-text.ts';
import { useMainState } from '../../store/main-state.ts';
import {
  lineAt,
  refreshLines,
  rolloutLinesKey,
  selectLine,
  showLines,
  toggleLines,
  useRolloutLines,
} from '../../store/rollout-lines.ts';
import { ErrorAlert } from '../ErrorAlert.tsx';
import { Spinner } from '../Icons.tsx';
import { VirtualList } from '../VirtualList.tsx';

const ROW_HEIGHT = 44;

function LineRow({ rollout, index }: { rollout: RolloutSummary; index: number }) {
  const formatE164 = usePhoneFormatter();
  const status = useMainState((state) => state.outbox?.status ?? null);
  const item = lineAt(rollout.id, index);
  if (!item) {
    return (
      <>
        <span className="virtual-list-placeholder" aria-hidden="true" />
        <span className="visually-hidden">Loading…</span>
      </>
    );
  }
  const text = rolloutLineText(item, rollout, status);
  const name = cardNameAfter(item);
  return (
    <div className="line-row rollout-line" data-state={item.held ? 'held' : item.state}>
      <span className="line-col-line">
        {index + 1}
        <span className="visually-hidden">.</span>
      </span>
      <span className="line-col-number">
        {formatE164(item.phoneNumber)}
        <span className="visually-hidden">,</span>
      </span>
      <span className="line-col-name">
        {name || <span className="muted">No name</span>}
        <span className="visually-hidden">,</span>
      </span>
      <span className="line-col-status">
        {text.first ? (
          <>
            <span className="badge badge-accent">{text.first}</span>
            <span className="visually-hidden">,</span>
          </>
        ) : null}
        <span className={`badge badge-${text.tone}`}>{text.label}</span>
      </span>
    </div>
  );
}

function LineList({ rollout, label }: { rollout: RolloutSummary; label: string }) {
  const lines = useRolloutLines((state) => state.open[rollout.id]);
  const key = useMainState((state) => rolloutLinesKey(rollout, state.outbox?.items ?? []));
  // Read again when the outbox moved, not on the first render: opening read the first page.
  const shownKey = useRef(key);
  useEffect(() => {
    if (shownKey.current === key) return;
    shownKey.current = key;
    refreshLines(rollout.id);
  }, [key, rollout.id]);
  if (!lines) return null;
  if (lines.error) {
    return (
      <ErrorAlert
        error={lines.error}
        title="The lines could not be read"
        onRetry={() => refreshLines(rollout.id)}
      />
    );
  }
  if (lines.total === null) {
    return (
      <p className="muted list-message" role="status">
        <Spinner /> Reading the lines…
      </p>
    );
  }
  return (
    <div className="panel panel-flush rollout-lines-list">
      <VirtualList
        count={lines.total}
        rowHeight={ROW_HEIGHT}
        height={listHeight(lines.total, ROW_HEIGHT)}
        label={`Lines of ${label}, in the order they were submitted`}
        renderRow={(index) => <LineRow rollout={rollout} index={index} />}
        onVisibleRangeChange={(first, last) => showLines(rollout.id, first, last)}
        selectedIndex={lines.selected}
        onSelect={(index) => selectLine(rollout.id, index)}
        getRowId={(index) => `rollout-${rollout.id}-line-${index}`}
      />
    </div>
  );
}

/** The disclosure button and, when open, the lines; `label` and `describedBy` name the rollout. */
export function RolloutLines({
  rollout,
  label,
  describedBy,
}: {
  rollout: RolloutSummary;
  label: string;
  describedBy: string;
}) {
  const open = useRolloutLines((state) => state.open[rollout.id] !== undefined);
  const regionId = `rollout-${rollout.id}-lines`;
  return (
    <div className="rollout-lines">
      <button
        type="button"
        className="link-button rollout-lines-toggle"
        aria-expanded={open}
        aria-controls={regionId}
        aria-describedby={describedBy}
        onClick={() => toggleLines(rollout.id)}
      >
        <span aria-hidden="true" className="rollout-lines-chevron">
          {open ? '▾' : '▸'}
        </span>
        {linesToggleText(rollout.total, open)}
      </button>
      <div id={regionId} hidden={!open}>
        {open ? <LineList rollout={rollout} label={label} /> : null}
      </div>
    </div>
  );
}
