// Every setup and update made from this computer, newest first, kept current by main's
// historyChanged event.
import { useMemo } from 'react';
import type { HistoryEntry } from '../../../../shared/contract.ts';
import { usePhoneFormatter } from '../../lib/phoneRules.ts';
import { fullName } from '../../lib/names.ts';
import { absoluteTime, relativeTime, useNow } from '../../lib/time.ts';
import { useMainState } from '../../store/mainState.ts';
import { navigate } from '../../store/view.ts';
import { HistoryIcon } from '../Icons.tsx';
import { TraceReference } from '../TraceReference.tsx';
import { ViewHeading } from '../ViewHeading.tsx';
import { OutcomeBadge } from './OutcomeBadge.tsx';
import { PhotoThumbnail } from './PhotoThumbnail.tsx';

function newestFirst(history: HistoryEntry[]): HistoryEntry[] {
  return [...history].sort((a, b) => Date.parse(b.at) - Date.parse(a.at) || b.id - a.id);
}

function EmptyHistory() {
  return (
    <div className="empty panel">
      <HistoryIcon />
      <h3 className="empty-title">No cards set up yet</h3>
      <p className="empty-text">
        Every card you set up or update from this computer is listed here, with how it went.
      </p>
      <button type="button" className="button button-primary" onClick={() => navigate('card')}>
        Set up the first card
      </button>
    </div>
  );
}

function HistoryRow({ entry, now }: { entry: HistoryEntry; now: number }) {
  const formatE164 = usePhoneFormatter();
  const name = fullName(entry.firstName, entry.lastName);
  return (
    <tr>
      <td className="history-number">{formatE164(entry.phoneNumber)}</td>
      <td>
        <span className="history-card">
          {entry.photoSha256 ? <PhotoThumbnail sha256={entry.photoSha256} /> : null}
          {name || (
            <span className="muted">{entry.action === 'update' ? 'Unchanged' : 'None'}</span>
          )}
        </span>
      </td>
      <td>{entry.action === 'setup' ? 'Set up' : 'Update'}</td>
      <td className="history-outcome">
        <OutcomeBadge outcome={entry.outcome} />
        {entry.outcome === 'failed' && entry.error ? (
          <div className="history-reason">
            <p>{entry.error.message}</p>
            {entry.error.traceId ? <TraceReference traceId={entry.error.traceId} /> : null}
          </div>
        ) : null}
      </td>
      <td className="history-time">
        <time dateTime={entry.at} title={absoluteTime(entry.at)}>
          {relativeTime(entry.at, now)}
        </time>
        <span className="history-absolute">{absoluteTime(entry.at)}</span>
      </td>
    </tr>
  );
}

export function HistoryView() {
  const history = useMainState((state) => state.history);
  const entries = useMemo(() => newestFirst(history), [history]);
  const now = useNow();
  return (
    <section className="view-section" aria-labelledby="history-view-title">
      <div className="view-head">
        <ViewHeading id="history-view-title">History</ViewHeading>
        <p className="view-lead">
          {entries.length === 0
            ? 'Cards set up from this computer appear here.'
            : `${entries.length} ${entries.length === 1 ? 'attempt' : 'attempts'}, newest first.`}
        </p>
      </div>
      {entries.length === 0 ? (
        <EmptyHistory />
      ) : (
        <div className="panel panel-flush">
          <table className="history-table">
            <caption className="visually-hidden">Cards set up and updated, newest first</caption>
            <thead>
              <tr>
                <th scope="col">Phone number</th>
                <th scope="col">Name</th>
                <th scope="col">Action</th>
                <th scope="col">Outcome</th>
                <th scope="col">When</th>
              </tr>
            </thead>
            <tbody>
              {entries.map((entry) => (
                <HistoryRow key={entry.id} entry={entry} now={now} />
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
