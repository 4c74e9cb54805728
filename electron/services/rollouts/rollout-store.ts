// The rollouts table: one row per batch of outbox items held back together (one line first,
// or a schedule), with its state and, for a schedule, the instant and the zone it was chosen
// in. Its items are outbox rows with rollout_id set (gated = 1 while held); what is held is
// released or cancelled through the outbox (outbox.ts), in the same commit as the state here.
import type { RolloutState, RolloutSummary } from '../../../shared/rollout.schema.ts';
import type { Database } from '../store.ts';

export interface RolloutRow {
  id: number;
  created_at: string;
  label: string;
  import_id: number | null;
  pilot_outbox_id: number | null;
  send_at: number | null;
  time_zone: string | null;
  late_limit_ms: number;
  state: RolloutState;
  late_noticed_at: number | null;
  released_at: string | null;
  released_how: RolloutSummary['releasedHow'];
  cancelled_at: string | null;
}

export interface NewRollout {
  createdAt: string;
  label: string;
  sendAtMs: number | null;
  timeZone: string | null;
  lateLimitMs: number;
  state: 'scheduled' | 'held';
}

/** How many of a rollout's items are in each state, held ones apart. */
export interface RolloutCounts {
  total: number;
  held: number;
  open: number;
  done: number;
  cancelled: number;
}

/** A line of a rollout's unsent items, with what its write budget needs (see write-plan.ts). */
export interface PlanRow {
  phone_number: string;
  ahead: number;
  writes: string;
  hold: number;
}

export interface RolloutStore {
  insert(rollout: NewRollout): number;
  setPilot(id: number, outboxId: number): void;
  setImport(id: number, importId: number): void;
  get(id: number): RolloutRow | null;
  /** Rollouts not finished yet, oldest first. */
  open(): RolloutRow[];
  /** The most recently finished, newest first. */
  recentlyClosed(limit: number): RolloutRow[];
  setState(id: number, state: RolloutState, at: string): void;
  released(id: number, how: NonNullable<RolloutSummary['releasedHow']>, at: string): void;
  noticed(id: number, atMs: number): void;
  counts(id: number): RolloutCounts;
  /** The state of an item (the first line's), and whether it is still held. */
  itemState(outboxId: number): { state: string; phone_number: string; gated: number } | null;
  /** The rollout's items not sent yet, per line, in submission order. */
  planRows(id: number, sinceMs: number, unansweredMs: number): PlanRow[];
}

export function createRolloutStore(db: Database): RolloutStore {
  const insert = db.prepare(
    `INSERT INTO rollouts (created_at, label, send_at, time_zone, late_limit_ms, state)
     VALUES (?, ?, ?, ?, ?, ?) RETURNING id`,
  );
  const setPilot = db.prepare('UPDATE rollouts SET pilot_outbox_id = ? WHERE id = ?');
  const setImport = db.prepare('UPDATE rollouts SET import_id = ? WHERE id = ?');
  const byId = db.prepare('SELECT * FROM rollouts WHERE id = ?');
  const open = db.prepare(
    `SELECT * FROM rollouts INDEXED BY rollouts_open
     WHERE state NOT IN ('released', 'cancelled') ORDER BY id`,
  );
  const closed = db.prepare(
    `SELECT * FROM rollouts WHERE state IN ('released', 'cancelled')
     ORDER BY COALESCE(released_at, cancelled_at) DESC LIMIT ?`,
  );
  const setState = db.prepare(
    `UPDATE rollouts SET state = ?1,
       cancelled_at = CASE WHEN ?1 = 'cancelled' THEN ?2 ELSE cancelled_at END
     WHERE id = ?3`,
  );
  const released = db.prepare(
    `UPDATE rollouts SET state = 'released', released_how = ?, released_at = ? WHERE id = ?`,
  );
  const noticed = db.prepare(
    'UPDATE rollouts SET late_noticed_at = COALESCE(late_noticed_at, ?) WHERE id = ?',
  );
  const counts = db.prepare(
    `SELECT state, gated, COUNT(*) AS n FROM outbox WHERE rollout_id = ? GROUP BY state, gated`,
  );
  const itemState = db.prepare('SELECT state, phone_number, gated FROM outbox WHERE id = ?');
  // Per unsent item: the open changes ahead of it on its line, the line's recent writes and
  // its hold; through outbox_by_number, card_writes_by_number and line_holds' key.
  const planRows = db.prepare(
    `SELECT o.phone_number,
       (SELECT COUNT(*) FROM outbox p WHERE p.phone_number = o.phone_number AND p.id < o.id
          AND p.state IN ('waiting', 'sending', 'in-doubt', 'needs-decision')) AS ahead,
       (SELECT json_group_array(COALESCE(w.answered_at, w.sent_at + ?2)) FROM card_writes w
          WHERE w.phone_number = o.phone_number AND w.sent_at > ?1) AS writes,
       COALESCE((SELECT h.until FROM line_holds h WHERE h.phone_number = o.phone_number), 0)
         AS hold
     FROM outbox o WHERE o.rollout_id = ?3 AND o.state = 'waiting' ORDER BY o.id`,
  );

  return {
    insert: (rollout) =>
      (
        insert.get(
          rollout.createdAt,
          rollout.label,
          rollout.sendAtMs,
          rollout.timeZone,
          rollout.lateLimitMs,
          rollout.state,
        ) as { id: number }
      ).id,
    setPilot: (id, outboxId) => void setPilot.run(outboxId, id),
    setImport: (id, importId) => void setImport.run(importId, id),
    get: (id) => (byId.get(id) as RolloutRow | undefined) ?? null,
    open: () => open.all() as unknown as RolloutRow[],
    recentlyClosed: (limit) => closed.all(limit) as unknown as RolloutRow[],
    setState: (id, state, at) => void setState.run(state, at, id),
    released: (id, how, at) => void released.run(how, at, id),
    noticed: (id, atMs) => void noticed.run(atMs, id),
    counts(id) {
      const result: RolloutCounts = { total: 0, held: 0, open: 0, done: 0, cancelled: 0 };
      for (const row of counts.all(id) as unknown as {
        state: string;
        gated: number;
        n: number;
      }[]) {
        result.total += row.n;
        if (row.gated === 1) result.held += row.n;
        else if (row.state === 'done') result.done += row.n;
        else if (row.state === 'cancelled') result.cancelled += row.n;
        else result.open += row.n;
      }
      return result;
    },
    itemState: (outboxId) =>
      (itemState.get(outboxId) as { state: string; phone_number: string; gated: number }) ?? null,
    planRows: (id, sinceMs, unansweredMs) =>
      planRows.all(sinceMs, unansweredMs, id) as unknown as PlanRow[],
  };
}
