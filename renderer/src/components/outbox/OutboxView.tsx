// The outbox: every submission that is waiting, being sent, being checked, needs a decision
// or failed, then the most recently finished ones. Kept current by main's outboxChanged event.
import { useMemo } from 'react';
import type { OutboxItem } from '../../../../shared/outbox.schema.ts';
import {
  combinedByCarrier,
  countsText,
  isFinished,
  queuedBehindLimit,
} from '../../lib/outbox-text.ts';
import { useNow } from '../../lib/time.ts';
import { useMainState } from '../../store/main-state.ts';
import { dismissOutboxError, useOutboxUi } from '../../store/outbox.ts';
import { navigate } from '../../store/view.ts';
import { ErrorAlert } from '../ErrorAlert.tsx';
import { OutboxIcon } from '../Icons.tsx';
import { ViewHeading } from '../ViewHeading.tsx';
import { OutboxRow } from './OutboxRow.tsx';
import { RolloutList } from './RolloutList.tsx';

function EmptyOutbox() {
  return (
    <div className="empty panel">
      <OutboxIcon />
      <h3 className="empty-title">Nothing waiting to be sent</h3>
      <p className="empty-text">
        Cards you submit are kept here until Linq has them, also while this computer is offline.
      </p>
      <button type="button" className="button button-primary" onClick={() => navigate('card')}>
        Set up a card
      </button>
    </div>
  );
}

function ItemTable({ items, caption }: { items: OutboxItem[]; caption: string }) {
  const status = useMainState((state) => state.outbox?.status ?? null);
  const now = useNow(1_000);
  const all = useMainState((state) => state.outbox?.items);
  const carried = useMemo(() => combinedByCarrier(all ?? []), [all]);
  const behind = useMemo(() => queuedBehindLimit(all ?? []), [all]);
  return (
    <div className="panel panel-flush">
      <table className="data-table outbox-table">
        <caption className="visually-hidden">{caption}</caption>
        {/* The same widths in both tables (fixed layout), so their columns line up. */}
        <colgroup>
          <col className="outbox-col-number" />
          <col className="outbox-col-card" />
          <col className="outbox-col-state" />
          <col className="outbox-col-attempts" />
          <col className="outbox-col-changed" />
          <col className="outbox-col-actions" />
        </colgroup>
        <thead>
          <tr>
            <th scope="col">Phone number</th>
            <th scope="col">Card</th>
            <th scope="col">State</th>
            <th scope="col" className="numeric">
              Attempts
            </th>
            <th scope="col">Changed</th>
            <th scope="col">
              <span className="visually-hidden">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {items.map((item) => (
            <OutboxRow
              key={item.id}
              item={item}
              status={status}
              now={now}
              carries={carried.get(item.id)}
              behind={behind.get(item.id)}
            />
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function OutboxView() {
  const outbox = useMainState((state) => state.outbox);
  const error = useOutboxUi((state) => state.error);
  const [open, finished] = useMemo(() => {
    const items = outbox?.items ?? [];
    return [
      items.filter((item) => !isFinished(item)),
      items.filter(isFinished).sort((a, b) => Date.parse(b.updatedAt) - Date.parse(a.updatedAt)),
    ];
  }, [outbox]);
  const summary = outbox ? countsText(outbox.status.counts) : '';
  const hasRollouts = (outbox?.rollouts ?? []).some(
    (rollout) => rollout.state !== 'released' && rollout.state !== 'cancelled',
  );
  return (
    <section className="view-section" aria-labelledby="outbox-view-title">
      <div className="view-head">
        <ViewHeading id="outbox-view-title">Outbox</ViewHeading>
        <p className="view-lead">
          {summary ||
            (hasRollouts
              ? 'Held and scheduled changes wait here until you release them or their time comes.'
              : 'Everything you submitted has been sent.')}
        </p>
      </div>
      {error ? <ErrorAlert error={error.error} onDismiss={dismissOutboxError} /> : null}
      <RolloutList />
      {open.length === 0 && finished.length === 0 && !hasRollouts ? <EmptyOutbox /> : null}
      {open.length > 0 ? (
        <>
          <h3 className="section-title">Not sent yet</h3>
          <ItemTable items={open} caption="Submissions not sent yet, oldest first" />
          {outbox && outbox.moreOpen > 0 ? (
            <p className="muted">…and {outbox.moreOpen} more, sent in order after these.</p>
          ) : null}
        </>
      ) : null}
      {finished.length > 0 ? (
        <>
          <h3 className="section-title">Recently finished</h3>
          <ItemTable items={finished} caption="Recently finished submissions, newest first" />
        </>
      ) : null}
    </section>
  );
}
