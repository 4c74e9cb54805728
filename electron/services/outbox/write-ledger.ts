// The record of Linq's limits per phone number, in the outbox's database: every contact-card
// write that may reach Linq (written before it leaves, counted from its answer), the holds
// Linq puts on a line (503/4004, or a 429's wait), and whether Linq left the line's card not
// active. Called inside the outbox store's transactions; write-budget.ts decides from it.
import type { Database } from '../store.ts';

export interface WriteLoad {
  /** When each recent write counts from (its answer; unanswered: its start + the timeout). */
  countedAtMs: number[];
  /** No write for the number before this (0: no hold). */
  holdUntilMs: number;
}

export interface WriteLedger {
  /** A card write leaves now for the attempt (recorded once per attempt). */
  wrote(attemptId: number, phoneNumber: string, sentAtMs: number): void;
  /** The attempt ended: its write (if any) counts from now, or is struck off as never sent. */
  ended(attemptId: number, outcome: 'reached' | 'not-sent', atMs: number): void;
  load(phoneNumber: string, nowMs: number, spanMs: number, timeoutMs: number): WriteLoad;
  /** Holds the number's writes until `untilMs` (never shortens a longer hold). */
  hold(phoneNumber: string, untilMs: number): void;
  /** Linq left the number's card not active (true) or answered it active (false). */
  setNotActive(phoneNumber: string, notActive: boolean): void;
  isNotActive(phoneNumber: string): boolean;
}

export function createWriteLedger(db: Database): WriteLedger {
  const insertWrite = db.prepare(
    `INSERT OR IGNORE INTO card_writes (attempt_id, phone_number, sent_at) VALUES (?, ?, ?)`,
  );
  const answerWrite = db.prepare(
    `UPDATE card_writes SET answered_at = ? WHERE attempt_id = ? AND answered_at IS NULL`,
  );
  const strikeWrite = db.prepare(`DELETE FROM card_writes WHERE attempt_id = ?`);
  const writesOf = db.prepare(
    `SELECT COALESCE(answered_at, sent_at + ?) AS at FROM card_writes
     WHERE phone_number = ? AND sent_at > ?`,
  );
  const lineOf = db.prepare(`SELECT until, not_active FROM line_holds WHERE phone_number = ?`);
  const holdLine = db.prepare(
    `INSERT INTO line_holds (phone_number, until) VALUES (?, ?)
     ON CONFLICT (phone_number) DO UPDATE SET until = MAX(until, excluded.until)`,
  );
  const markNotActive = db.prepare(
    `INSERT INTO line_holds (phone_number, until, not_active) VALUES (?, 0, 1)
     ON CONFLICT (phone_number) DO UPDATE SET not_active = 1`,
  );
  const markActive = db.prepare(`UPDATE line_holds SET not_active = 0 WHERE phone_number = ?`);
  const line = (phoneNumber: string) =>
    lineOf.get(phoneNumber) as { until: number; not_active: number } | undefined;

  return {
    wrote(attemptId, phoneNumber, sentAtMs) {
      insertWrite.run(attemptId, phoneNumber, sentAtMs);
    },
    ended(attemptId, outcome, atMs) {
      if (outcome === 'reached') answerWrite.run(atMs, attemptId);
      else strikeWrite.run(attemptId);
    },
    load(phoneNumber, nowMs, spanMs, timeoutMs) {
      // An unanswered write counts from its start plus the timeout: look back that much more.
      const since = nowMs - spanMs - timeoutMs;
      const rows = writesOf.all(timeoutMs, phoneNumber, since) as unknown as { at: number }[];
      return { countedAtMs: rows.map((row) => row.at), holdUntilMs: line(phoneNumber)?.until ?? 0 };
    },
    hold(phoneNumber, untilMs) {
      holdLine.run(phoneNumber, untilMs);
    },
    setNotActive(phoneNumber, notActive) {
      if (notActive) markNotActive.run(phoneNumber);
      else markActive.run(phoneNumber);
    },
    isNotActive: (phoneNumber) => Boolean(line(phoneNumber)?.not_active),
  };
}
