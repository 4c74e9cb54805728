// The record of every setup and update the app attempted, with its outcome.
import { AppErrorSchema, type AppError } from '../../shared/errors.ts';
import type { HistoryEntry } from '../../shared/contract.ts';
import type { Database } from './store.ts';

export interface HistoryRecord {
  action: HistoryEntry['action'];
  phoneNumber: string;
  firstName?: string | null;
  lastName?: string | null;
  imageUrl?: string | null;
  outcome: HistoryEntry['outcome'];
  error?: AppError | null;
}

export interface HistoryService {
  record(entry: HistoryRecord): HistoryEntry;
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
  };
}

export function createHistoryService(db: Database, now: () => Date): HistoryService {
  const insert = db.prepare(
    `INSERT INTO history (at, action, phone_number, first_name, last_name, image_url, outcome, error_json)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING *`,
  );
  const recent = db.prepare('SELECT * FROM history ORDER BY id DESC LIMIT ?');
  return {
    record(entry) {
      const row = insert.get(
        now().toISOString(),
        entry.action,
        entry.phoneNumber,
        entry.firstName ?? null,
        entry.lastName ?? null,
        entry.imageUrl ?? null,
        entry.outcome,
        entry.error ? JSON.stringify(entry.error) : null,
      ) as unknown as HistoryRow;
      return fromRow(row);
    },
    list(limit = 200) {
      return (recent.all(limit) as unknown as HistoryRow[]).map(fromRow);
    },
  };
}
