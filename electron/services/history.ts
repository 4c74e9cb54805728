// The record of every submission and how it ended. Each outbox item has one history entry,
// written and updated inside the outbox's own transactions (see outbox/outbox-store.ts), so
// the history and the queue never disagree.
import { AppErrorSchema, type AppError } from '../../shared/errors.schema.ts';
import type { Card } from '../../shared/card.schema.ts';
import type { HistoryEntry } from '../../shared/contract.ts';
import type { SubmittedFields } from '../../shared/outbox.schema.ts';
import type { CardEventKind, CardRecord } from './card-history/card-record.ts';
import type { Database } from './store.ts';

export interface SubmissionRecord {
  outboxId: number;
  action: HistoryEntry['action'];
  phoneNumber: string;
  fields: SubmittedFields;
}

export interface HistoryService {
  /** A submission entered the outbox. Call inside the outbox's transaction. */
  recordSubmission(submission: SubmissionRecord): void;
  /** The submission's item moved on; a confirmed card replaces the submitted names. */
  recordOutcome(
    outboxId: number,
    outcome: HistoryEntry['outcome'],
    details: {
      card?: Card | null;
      confirmedBy?: 'answer' | 'read-back';
      error?: AppError | null;
      /** The timeline entry for this step; null records none (the row is still refreshed). */
      event?: { kind: CardEventKind; detail?: string | null } | null;
    },
  ): void;
  /** An attempt (a request, or a read-back) ended: a timeline entry for the number. */
  recordAttempt(outboxId: number, detail: string, error: AppError | null): void;
  /** A timeline entry for the submission's number that does not move the submission on. */
  recordEvent(outboxId: number, event: { kind: CardEventKind; detail: string }): void;
  /** The photo of the submission has its download URL now. */
  recordImageUrl(outboxId: number, imageUrl: string): void;
  list(limit?: number): HistoryEntry[];
}

interface HistoryRow {
  id: number;
  at: string;
  action: HistoryEntry['action'];
  phone_number: string;
  first_name: string | null;
  last_name: string | null;
  image_url: string | null;
  outcome: HistoryEntry['outcome'];
  error_json: string | null;
  outbox_id: number | null;
  photo_sha256: string | null;
}

function fromRow(row: HistoryRow): HistoryEntry {
  const error = row.error_json ? AppErrorSchema.safeParse(JSON.parse(row.error_json)) : null;
  return {
    id: row.id,
    at: row.at,
    action: row.action,
    phoneNumber: row.phone_number,
    firstName: row.first_name,
    lastName: row.last_name,
    imageUrl: row.image_url,
    outcome: row.outcome,
    error: error?.success ? error.data : null,
    outboxId: row.outbox_id,
    photoSha256: row.photo_sha256,
  };
}

export function createHistoryService(
  db: Database,
  now: () => Date,
  cards: CardRecord,
): HistoryService {
  const insert = db.prepare(
    `INSERT INTO history (at, action, phone_number, first_name, last_name, image_url, outcome,
       outbox_id, photo_sha256)
     VALUES (?, ?, ?, ?, ?, ?, 'pending', ?, ?)`,
  );
  const updateOutcome = db.prepare(
    `UPDATE history SET at = ?, outcome = ?, error_json = ? WHERE outbox_id = ?`,
  );
  const updateConfirmed = db.prepare(
    `UPDATE history SET at = ?, outcome = ?, error_json = NULL, first_name = ?, last_name = ?,
       image_url = ? WHERE outbox_id = ?`,
  );
  const imageUrl = db.prepare('UPDATE history SET image_url = ? WHERE outbox_id = ?');
  const recent = db.prepare('SELECT * FROM history ORDER BY id DESC LIMIT ?');
  return {
    recordSubmission({ outboxId, action, phoneNumber, fields }) {
      insert.run(
        now().toISOString(),
        action,
        phoneNumber,
        fields.firstName ?? null,
        fields.lastName ?? null,
        fields.imageUrl ?? null,
        outboxId,
        fields.photo?.sha256 ?? null,
      );
      cards.outboxEvent(outboxId, 'queued', {
        detail: action === 'setup' ? 'Set-up saved to send' : 'Update saved to send',
      });
    },
    recordAttempt(outboxId, detail, error) {
      // The move that follows in the same transaction brings the row up to date.
      cards.outboxEvent(outboxId, 'attempt', { detail, error, refreshRow: false });
    },
    recordOutcome(outboxId, outcome, { card, error, confirmedBy, event }) {
      const at = now().toISOString();
      cards.outboxEvent(outboxId, event?.kind ?? null, {
        card: card ?? null,
        confirmedBy: confirmedBy === 'read-back' ? 'read-back' : 'own-call',
        error: error ?? null,
        detail: event?.detail ?? null,
      });
      if (card) {
        updateConfirmed.run(at, outcome, card.firstName, card.lastName, card.imageUrl, outboxId);
      } else {
        updateOutcome.run(at, outcome, error ? JSON.stringify(error) : null, outboxId);
      }
    },
    recordEvent(outboxId, { kind, detail }) {
      cards.outboxEvent(outboxId, kind, { detail });
    },
    recordImageUrl(outboxId, url) {
      imageUrl.run(url, outboxId);
    },
    list(limit = 200) {
      return (recent.all(limit) as unknown as HistoryRow[]).map(fromRow);
    },
  };
}
