// The account's lines as Linq last listed them, in SQLite so the line picker works offline and
// after a restart. A refresh replaces the whole list in one transaction: a line Linq no longer
// lists disappears, and a failed refresh leaves the last good list as it was.
import { LineReputationSchema, type LineReputation } from '../../../shared/lines.schema.ts';
import type { PhoneLine } from '../linq-client.ts';
import { inTransaction, type Database } from '../store.ts';

export interface CachedLines {
  /** Sorted by phone number. */
  lines: PhoneLine[];
  /** When the list was last read from Linq; null if never. */
  refreshedAt: string | null;
}

export interface LineCache {
  read(): CachedLines;
  replace(lines: readonly PhoneLine[], at: string): void;
}

interface LineRow {
  id: string;
  phone_number: string;
  reputation: string | null;
  doc_url: string | null;
}

/** A status stored by a newer version of the app (or damaged) reads as none. */
function reputationOf(value: string | null): LineReputation | null {
  const parsed = LineReputationSchema.safeParse(value);
  return parsed.success ? parsed.data : null;
}

export function createLineCache(db: Database): LineCache {
  const all = db.prepare(
    'SELECT id, phone_number, reputation, doc_url FROM lines ORDER BY phone_number, position',
  );
  const refreshed = db.prepare('SELECT at FROM lines_refreshed WHERE only = 1');
  const clear = db.prepare('DELETE FROM lines');
  const insert = db.prepare(
    'INSERT INTO lines (id, phone_number, reputation, doc_url, position) VALUES (?, ?, ?, ?, ?)',
  );
  const stamp = db.prepare(
    `INSERT INTO lines_refreshed (only, at) VALUES (1, ?)
     ON CONFLICT (only) DO UPDATE SET at = excluded.at`,
  );

  return {
    read() {
      const rows = all.all() as unknown as LineRow[];
      const at = refreshed.get() as { at: string } | undefined;
      return {
        lines: rows.map((row) => {
          const reputation = reputationOf(row.reputation);
          return {
            id: row.id,
            phoneNumber: row.phone_number,
            reputation,
            reputationDocUrl: reputation ? row.doc_url : null,
          };
        }),
        refreshedAt: at?.at ?? null,
      };
    },

    replace(lines, at) {
      inTransaction(db, () => {
        clear.run();
        const seen = new Set<string>();
        lines.forEach((line, position) => {
          // Linq's ids are unique; a broken answer repeating one must not fail the refresh.
          if (seen.has(line.id)) return;
          seen.add(line.id);
          insert.run(line.id, line.phoneNumber, line.reputation, line.reputationDocUrl, position);
        });
        stamp.run(at);
      });
    },
  };
}
