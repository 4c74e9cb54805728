// The selected number: its card as Linq last confirmed it (and what is still pending), where
// and when that was confirmed, the timeline of everything that happened to it, and what the
// user can do: edit (a PATCH of what changes, through the outbox), retry, copy the number.
// Above the timeline, every version Linq confirmed (VersionsList.tsx).
import { useState } from 'react';
import type { CardEvent, CardHistory } from '../../../../shared/card-history.schema.ts';
import { changeTimeline, stepWords } from '../../lib/change-timeline.ts';
import { fullName } from '../../lib/names.ts';
import { historyNote, onlyAnEditFixes, openItemsByNumber } from '../../lib/outbox-text.ts';
import { usePhoneFormatter } from '../../lib/phone-rules.ts';
import { absoluteTime, relativeTime, useNow } from '../../lib/time.ts';
import { editCard } from '../../store/card-form.ts';
import { useMainState } from '../../store/main-state.ts';
import { retryItem } from '../../store/outbox.ts';
import { CardPhoto } from './PhotoThumbnail.tsx';
import { StatusBadge } from './StatusBadge.tsx';
import { VersionsList } from './VersionsList.tsx';

const CONFIRMED_BY = {
  'own-call': 'Linq’s answer to this app',
  'read-back': 'reading the card back from Linq',
  sync: 'a sync with Linq',
} as const;

function Timeline({ events, now }: { events: CardEvent[]; now: number }) {
  const entries = changeTimeline(events);
  return (
    <ol className="timeline" aria-label="Timeline, newest first">
      {entries.map((entry) => (
        <li key={entry.key} className={`timeline-item timeline-entry-${entry.tone}`}>
          <span className="timeline-kind">{entry.title}</span>
          <time dateTime={entry.at} title={absoluteTime(entry.at)}>
            {relativeTime(entry.at, now)}
          </time>
          {entry.outcome ? (
            <p className="timeline-detail">
              {entry.outcome}
              {entry.attempts > 1 ? ` (after ${entry.attempts} attempts)` : ''}
            </p>
          ) : null}
          {entry.combinedNote ? <p className="timeline-detail">{entry.combinedNote}</p> : null}
          {entry.error ? (
            <p className="timeline-detail timeline-error">{entry.error.message}</p>
          ) : null}
          {entry.steps.length > 1 ? <Steps steps={entry.steps} /> : null}
        </li>
      ))}
    </ol>
  );
}

/** What the app recorded on the way, folded: for support, not for the day-to-day. */
function Steps({ steps }: { steps: CardEvent[] }) {
  return (
    <details className="timeline-steps">
      <summary>Steps ({steps.length})</summary>
      <ul>
        {steps.map((step) => (
          <li key={step.id}>
            <time dateTime={step.at}>{absoluteTime(step.at)}</time> {stepWords(step)}
            {step.detail ? `: ${step.detail}` : ''}
            {step.error ? ` (${step.error.message})` : ''}
          </li>
        ))}
      </ul>
    </details>
  );
}

export function CardDetail({ history }: { history: CardHistory }) {
  const { card, events } = history;
  const formatE164 = usePhoneFormatter();
  const now = useNow();
  const [copied, setCopied] = useState(false);
  const name = fullName(card.firstName, card.lastName);
  const failedItem = card.status === 'failed' ? events.find((e) => e.kind === 'failed') : undefined;
  // The latest submission, when Linq's limits or a card left not active hold it (the outbox's).
  const open = useMainState((state) =>
    state.outbox ? openItemsByNumber(state.outbox.items).get(card.phoneNumber) : undefined,
  );
  const note = historyNote(open, now);

  return (
    <section className="card-detail" aria-labelledby="card-detail-title">
      <div className="card-detail-head">
        <CardPhoto
          sha256={card.photoSha256}
          imageUrl={card.imageUrl}
          firstName={card.firstName}
          lastName={card.lastName}
          size="large"
          alt={name ? `Photo on the card of ${name}` : 'Photo on the card'}
        />
        <div>
          <h3 id="card-detail-title" className="card-detail-title">
            {formatE164(card.phoneNumber)}
          </h3>
          {note ? (
            <span className={`badge badge-${note.tone}`}>{note.label}</span>
          ) : (
            <StatusBadge status={card.status} />
          )}
        </div>
      </div>
      {note ? (
        <div className="note card-detail-note" role="status">
          <p>{note.line}</p>
          {note.reason ? <p className="muted">{note.reason}</p> : null}
        </div>
      ) : null}
      <dl className="outcome-details">
        <dt>Name</dt>
        <dd>{name || <span className="muted">None confirmed yet</span>}</dd>
        {/* The photo itself heads the pane; without one, iPhones show the initials. */}
        {card.imageUrl || card.photoSha256 ? null : (
          <>
            <dt>Photo</dt>
            <dd>None (iPhones show the initials)</dd>
          </>
        )}
        {card.pending ? (
          <>
            <dt>Pending</dt>
            <dd>
              {fullName(card.pending.firstName ?? null, card.pending.lastName ?? null) ||
                'A photo or field change'}{' '}
              <span className="muted">(not sent yet)</span>
            </dd>
          </>
        ) : null}
        <dt>Confirmed by</dt>
        <dd>
          {card.confirmedBy && card.confirmedAt
            ? `${CONFIRMED_BY[card.confirmedBy]}, ${relativeTime(card.confirmedAt, now)}`
            : 'Not confirmed by Linq yet'}
        </dd>
        <dt>Origin</dt>
        <dd>
          {card.origin === 'elsewhere' ? 'Set up elsewhere (found in a sync)' : 'This computer'}
        </dd>
      </dl>
      <div className="inline-actions">
        <button
          type="button"
          className="button button-primary button-small"
          onClick={() => editCard(card)}
        >
          Edit
        </button>
        {/* Sent again as it is, a refused detail would be refused again: Edit is the way. */}
        {failedItem?.outboxId && !onlyAnEditFixes(failedItem.error) ? (
          <button
            type="button"
            className="button button-secondary button-small"
            onClick={() => void retryItem(failedItem.outboxId!)}
          >
            Retry
          </button>
        ) : null}
        <button
          type="button"
          className="button button-quiet button-small"
          onClick={() => {
            void navigator.clipboard
              ?.writeText(card.phoneNumber)
              .then(() => setCopied(true))
              .catch(() => setCopied(false));
          }}
        >
          {copied ? 'Copied' : 'Copy number'}
        </button>
      </div>
      <VersionsList versions={history.versions} total={history.versionsTotal} now={now} />
      <h4 className="section-title">Timeline</h4>
      <Timeline events={events} now={now} />
    </section>
  );
}
