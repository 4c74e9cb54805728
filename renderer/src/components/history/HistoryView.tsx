// Every number this app has set up, and those found at Linq: searchable as you type, filtered
// by state, newest change first, in a list that renders only what is on screen (it stays
// smooth at 100,000 cards). Selecting one shows its card and timeline beside the list.
import { useEffect, useMemo, useState } from 'react';
import { CARD_STATUSES } from '../../../../shared/card-history.rules.ts';
import { openItemsByNumber } from '../../lib/outbox-text.ts';
import { usePhoneFormatter } from '../../lib/phone-rules.ts';
import { relativeTime, useNow } from '../../lib/time.ts';
import {
  cardPages,
  clearSearch,
  dismissExport,
  exportList,
  openHistory,
  select,
  setFilter,
  setQuery,
  syncNow,
  useCardHistory,
  type HistoryFilter,
} from '../../store/card-history.ts';
import { useMainState } from '../../store/main-state.ts';
import { openRestoreLines } from '../../store/restore-lines.ts';
import { navigate } from '../../store/view.ts';
import { ErrorAlert } from '../ErrorAlert.tsx';
import { HistoryIcon, Spinner } from '../Icons.tsx';
import { ViewHeading } from '../ViewHeading.tsx';
import { VirtualList } from '../VirtualList.tsx';
import { CardDetail } from './CardDetail.tsx';
import { CardListRow } from './CardListRow.tsx';
import { LinesWithoutCard, useLinesWithoutCard } from './LinesWithoutCard.tsx';
import { RestoreLinesDialog } from './RestoreLinesDialog.tsx';
import { STATUS_LABELS } from './StatusBadge.tsx';

const ROW_HEIGHT = 48;
const SEARCH_ID = 'history-search';
const FILTERS: readonly HistoryFilter[] = ['all', ...CARD_STATUSES, 'no-card'];

function filterLabel(filter: HistoryFilter): string {
  if (filter === 'all') return 'All cards';
  if (filter === 'no-card') return 'Lines with no card yet';
  return STATUS_LABELS[filter].text;
}

function SyncState() {
  const sync = useCardHistory((state) => state.sync);
  const now = useNow();
  if (sync?.running) {
    return (
      <span className="muted" role="status">
        <Spinner /> Reading the cards at Linq…
      </span>
    );
  }
  // Inline, in the lead's sentence: "3 cards · Sync failed: …".
  if (sync?.error) {
    return <span className="history-sync-error">Sync failed: {sync.error.message}</span>;
  }
  if (!sync?.lastSyncedAt) return <span className="muted">Not synced with Linq yet</span>;
  const result = sync.lastResult;
  return (
    <span className="muted" role="status">
      Synced {relativeTime(sync.lastSyncedAt, now)}
      {result ? ` · ${result.seen} at Linq, ${result.added} new, ${result.updated} changed` : ''}
    </span>
  );
}

function Toolbar() {
  const query = useCardHistory((state) => state.query);
  const filter = useCardHistory((state) => state.filter);
  const exporting = useCardHistory((state) => state.exporting);
  const syncing = useCardHistory((state) => state.sync?.running ?? false);
  const [everyVersion, setEveryVersion] = useState(false);
  return (
    <div className="list-toolbar">
      <label className="history-search">
        <span className="visually-hidden">Search names and numbers</span>
        <input
          id={SEARCH_ID}
          className="input"
          type="search"
          placeholder="Search names and numbers"
          value={query}
          onChange={(event) => setQuery(event.currentTarget.value)}
        />
      </label>
      <label className="list-filter">
        <span>Show</span>
        <select
          className="input"
          value={filter}
          onChange={(event) => setFilter(event.currentTarget.value as HistoryFilter)}
        >
          {FILTERS.map((value) => (
            <option key={value} value={value}>
              {filterLabel(value)}
            </option>
          ))}
        </select>
      </label>
      <button
        type="button"
        className="button button-secondary"
        aria-disabled={syncing}
        onClick={() => void syncNow()}
      >
        {syncing ? <Spinner /> : null}
        Refresh from Linq
      </button>
      <RestoreLinesAction />
      {/* The export is of the history's cards; lines without one have nothing to export. */}
      {filter === 'no-card' ? null : (
        <div className="history-export">
          <button
            type="button"
            className="button button-secondary"
            aria-disabled={exporting}
            onClick={() => void exportList(everyVersion ? 'every' : 'current')}
          >
            {exporting ? <Spinner /> : null}
            Export CSV
          </button>
          <label className="history-export-versions">
            <input
              type="checkbox"
              checked={everyVersion}
              onChange={(event) => setEveryVersion(event.currentTarget.checked)}
            />
            Every version (audit)
          </label>
        </div>
      )}
    </div>
  );
}

/** The lines the list shows, put back to an earlier time (not lines with no card: none to). */
function RestoreLinesAction() {
  const applied = useCardHistory((state) => state.applied);
  const total = useCardHistory((state) => state.total);
  if (applied.filter === 'no-card' || !total) return null;
  const { query, filter: status } = applied;
  return (
    <button
      type="button"
      className="button button-secondary"
      onClick={() => openRestoreLines({ query, status }, total)}
    >
      Restore lines to an earlier time…
    </button>
  );
}

function ExportOutcome() {
  const exported = useCardHistory((state) => state.exported);
  const versions = useCardHistory((state) => state.exportedVersions);
  const error = useCardHistory((state) => state.exportError);
  if (error)
    return <ErrorAlert error={error} title="The export failed" onDismiss={dismissExport} />;
  if (!exported) return null;
  return (
    <p className="alert alert-info" role="status">
      Exported {exported.rows} {exportedWhat(exported.rows, versions)} to {exported.path}.
      <button type="button" className="link-button" onClick={dismissExport}>
        Dismiss
      </button>
    </p>
  );
}

function exportedWhat(rows: number, versions: boolean): string {
  if (versions) return rows === 1 ? 'version' : 'versions';
  return rows === 1 ? 'card' : 'cards';
}

function EmptyHistory() {
  return (
    <div className="empty panel">
      <HistoryIcon />
      <h3 className="empty-title">No cards yet</h3>
      <p className="empty-text">
        Every card set up from this computer appears here, and so do cards found at Linq when the
        app syncs with it.
      </p>
      <button type="button" className="button button-primary" onClick={() => navigate('card')}>
        Set up the first card
      </button>
    </div>
  );
}

/** A search that found nothing: say so, and offer the way back to every card. */
function NoMatch() {
  const query = useCardHistory((state) => state.query);
  if (query.trim() === '') return <p className="muted list-message">No cards match.</p>;
  return (
    <div className="list-message history-no-match">
      <p className="muted">No cards match “{query.trim()}”.</p>
      <button
        type="button"
        className="button button-secondary button-small"
        onClick={() => {
          clearSearch();
          document.getElementById(SEARCH_ID)?.focus();
        }}
      >
        Clear search
      </button>
    </div>
  );
}

function CardList() {
  const total = useCardHistory((state) => state.total);
  const selected = useCardHistory((state) => state.selectedIndex);
  useCardHistory((state) => state.version); // re-render as pages arrive
  const format = usePhoneFormatter();
  const now = useNow();
  // Not-active follow-ups and Linq's limits are the outbox's: read from its snapshot.
  const items = useMainState((state) => state.outbox?.items);
  const openByNumber = useMemo(() => openItemsByNumber(items ?? []), [items]);
  if (total === null) {
    return (
      <p className="muted list-message" role="status">
        <Spinner /> Loading the history…
      </p>
    );
  }
  if (total === 0) return <NoMatch />;
  return (
    <VirtualList
      count={total}
      rowHeight={ROW_HEIGHT}
      label={`Cards, ${total} in all, latest change first`}
      renderRow={(index) => {
        const row = cardPages.get(index);
        return (
          <CardListRow
            row={row}
            now={now}
            format={format}
            open={row ? openByNumber.get(row.phoneNumber) : undefined}
          />
        );
      }}
      onVisibleRangeChange={(first, last) => cardPages.ensure(first, last)}
      selectedIndex={selected}
      onSelect={select}
      getRowId={(index) => `card-row-${index}`}
    />
  );
}

function Detail() {
  const detail = useCardHistory((state) => state.detail);
  if (detail.status === 'none') {
    return <p className="muted card-detail-empty">Select a card to see its timeline.</p>;
  }
  if (detail.status === 'loading') {
    return (
      <p className="muted card-detail-empty" role="status">
        <Spinner /> Loading…
      </p>
    );
  }
  if (detail.status === 'failed') return <ErrorAlert error={detail.error} />;
  return <CardDetail history={detail.history} />;
}

/** "12 cards · ", or in "No card yet" "3 lines without a card · ". */
function countWords(filter: HistoryFilter, total: number | null, lines: number | null): string {
  if (filter === 'no-card') {
    return lines === null ? '' : `${lines} ${lines === 1 ? 'line' : 'lines'} without a card · `;
  }
  return total === null ? '' : `${total} ${total === 1 ? 'card' : 'cards'} · `;
}

export function HistoryView() {
  const total = useCardHistory((state) => state.total);
  const query = useCardHistory((state) => state.query);
  const filter = useCardHistory((state) => state.filter);
  const listError = useCardHistory((state) => state.listError);
  const linesWithoutCard = useLinesWithoutCard(query);
  useEffect(() => openHistory(), []);
  const nothingAtAll = total === 0 && query === '' && filter === 'all';
  const count = countWords(filter, total, linesWithoutCard?.length ?? null);
  return (
    <section className="view-section" aria-labelledby="history-view-title">
      <div className="view-head">
        <ViewHeading id="history-view-title">History</ViewHeading>
        <p className="view-lead">
          {count === '' ? 'Cards set up from this computer and found at Linq. ' : count}
          <SyncState />
        </p>
      </div>
      <Toolbar />
      <ExportOutcome />
      <RestoreLinesDialog />
      {listError ? <ErrorAlert error={listError} title="The history could not be read" /> : null}
      {filter === 'no-card' ? (
        <div className="panel panel-flush history-lines">
          <LinesWithoutCard query={query} />
        </div>
      ) : nothingAtAll ? (
        <EmptyHistory />
      ) : (
        <div className="history-layout">
          <div className="panel panel-flush history-list">
            <CardList />
          </div>
          <div className="panel history-detail">
            <Detail />
          </div>
        </div>
      )}
    </section>
  );
}
