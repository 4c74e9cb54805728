// The import's worker protocol in Node: runImportJob (what the worker runs) and parseImport
// (what the window calls), joined by a stand-in Worker that passes every message through
// structuredClone as a real one does. The real Worker, bundled by Vite and run in Chromium,
// is covered by import-worker.chromium.test.ts and the benchmark.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { importSampleCsv } from '../../../../../../bench/import-sample.ts';
import {
  ImportFileError,
  MAX_IMPORT_BYTES,
} from '../../../../../../renderer/src/features/import/parse/import-error.ts';
import {
  PROGRESS_INTERVAL_MS,
  ROWS_PER_MESSAGE,
  runImportJob,
} from '../../../../../../renderer/src/features/import/parse/import-job.ts';
import { parseImport } from '../../../../../../renderer/src/features/import/parse/import-parser.ts';
import type { ImportWorkerMessage } from '../../../../../../renderer/src/features/import/parse/import-protocol.ts';

/** A Worker that runs the import job in this process, cloning messages both ways. */
class FakeWorker {
  static created: FakeWorker[] = [];
  static crash = false;
  onmessage: ((event: { data: unknown }) => void) | null = null;
  onerror: ((event: { preventDefault(): void }) => void) | null = null;
  onmessageerror: (() => void) | null = null;
  terminated = false;
  received: ImportWorkerMessage[] = [];
  readonly url: URL;
  readonly options: { type?: string };

  constructor(url: URL, options: { type?: string }) {
    this.url = url;
    this.options = options;
    FakeWorker.created.push(this);
  }

  postMessage(data: unknown): void {
    const request = structuredClone(data) as Parameters<typeof runImportJob>[0];
    setTimeout(() => {
      if (FakeWorker.crash) {
        this.onerror?.({ preventDefault() {} });
        return;
      }
      void runImportJob(request, (message) => {
        const copy = structuredClone(message);
        setTimeout(() => {
          if (this.terminated) return;
          this.received.push(copy);
          this.onmessage?.({ data: copy });
        });
      });
    });
  }

  terminate(): void {
    this.terminated = true;
  }
}

beforeEach(() => {
  FakeWorker.created = [];
  FakeWorker.crash = false;
  vi.stubGlobal('Worker', FakeWorker);
});

afterEach(() => {
  vi.unstubAllGlobals();
});

function csvFile(text: string, name = 'cards.csv'): File {
  return new File([text], name, { type: 'text/csv' });
}

describe('parseImport', () => {
  it('starts a module worker from import-worker.ts next to it', async () => {
    await parseImport('+14155550132,Ada', { defaultCountry: 'US' });
    const [worker] = FakeWorker.created;
    expect(worker!.options.type).toBe('module');
    expect(
      worker!.url.pathname.endsWith('/renderer/src/features/import/parse/import-worker.ts'),
    ).toBe(true);
    expect(existsSync(fileURLToPath(worker!.url))).toBe(true);
    expect(worker!.terminated).toBe(true); // one worker per import, ended when it is done
  });

  it('parses a file into checked rows, in order, with the counts, across result batches', async () => {
    const text = importSampleCsv({ rows: 2500, excel: true });
    const result = await parseImport(csvFile(text), { defaultCountry: 'US' });
    expect(result.delimiter).toBe(',');
    expect(result.header).toEqual(['Phone number', 'First name', 'Last name', 'Image URL']);
    expect(result.hasHeader).toBe(true);
    expect(result.map).toEqual({ phone: 0, firstName: 1, lastName: 2, image: 3 });
    expect(result.guess).toEqual({ map: result.map, hasHeader: true });
    expect(result.columnCount).toBe(4);
    expect(result.rows).toHaveLength(2500);
    expect(result.rows.map((row) => row.index)).toEqual([...Array(2500).keys()]);
    expect(result.rows[0]!.line).toBe(2);
    const count = (status: string) => result.rows.filter((row) => row.status === status).length;
    expect(result.counts).toEqual({
      ready: count('ready'),
      warning: count('warning'),
      error: count('error'),
      duplicates: result.rows.filter((row) => row.duplicateOf !== null).length,
    });
    expect(result.counts.ready + result.counts.warning + result.counts.error).toBe(2500);
    expect(result.counts.duplicates).toBeGreaterThan(0);
    // The rows came in several messages, none larger than the batch size.
    const batches = FakeWorker.created[0]!.received.filter((message) => message.type === 'rows');
    expect(batches).toHaveLength(Math.ceil(2500 / ROWS_PER_MESSAGE));
  });

  it('takes text pasted from a spreadsheet', async () => {
    const result = await parseImport(
      'Ada\tLovelace\t+44 20 7946 0958\nGrace\tHopper\t+1 415 555 0132\n',
      {
        defaultCountry: 'US',
      },
    );
    expect(result).toMatchObject({ delimiter: '\t', header: null, hasHeader: false });
    expect(
      result.rows.map((row) => [row.firstName, row.lastName, row.phoneNumber, row.status]),
    ).toEqual([
      ['Ada', 'Lovelace', '+442079460958', 'ready'],
      ['Grace', 'Hopper', '+14155550132', 'ready'],
    ]);
  });

  it('re-validates with the map and header choice the user made, keeping the guess', async () => {
    const text = 'Phone,First name,Last name\n+14155550132,Ada,Lovelace\n';
    const swapped = await parseImport(text, {
      defaultCountry: 'US',
      map: { phone: 0, firstName: 2, lastName: 1, image: null },
    });
    expect(swapped.rows[0]).toMatchObject({ firstName: 'Lovelace', lastName: 'Ada' });
    expect(swapped.guess.map).toEqual({ phone: 0, firstName: 1, lastName: 2, image: null });
    const noHeader = await parseImport(text, { defaultCountry: 'US', hasHeader: false });
    expect(noHeader.header).toBeNull();
    expect(noHeader.rows).toHaveLength(2);
    expect(noHeader.rows[0]).toMatchObject({ status: 'error', line: 1, phoneInput: 'Phone' });
  });

  it('reads numbers in the default country it is given, and says which for the note', async () => {
    const result = await parseImport('020 7946 0958,Ada\n', { defaultCountry: 'GB' });
    expect(result.rows[0]).toMatchObject({
      phoneNumber: '+442079460958',
      status: 'ready',
      problems: [],
      readInDefaultCountry: true,
    });
    expect(result.reading).toEqual({ country: 'GB', name: 'United Kingdom', callingCode: '44' });
  });

  it('reports progress and finishes with every row done', async () => {
    const seen: [number, number][] = [];
    await parseImport(importSampleCsv({ rows: 300 }), { defaultCountry: 'US' }, (done, total) =>
      seen.push([done, total]),
    );
    expect(seen[0]).toEqual([0, 300]);
    expect(seen.every(([done, total]) => total === 300 && done <= total)).toBe(true);
  });

  it('rejects with a file error the UI can show', async () => {
    const cases: [File | string, string][] = [
      [new File([new Uint8Array(MAX_IMPORT_BYTES + 1).fill(0x41)], 'big.csv'), 'TOO_LARGE'],
      [new File([new Uint8Array([0x50, 0x4b, 0x03, 0x04, 1, 2])], 'cards.xlsx'), 'WORKBOOK'],
      [csvFile('\n\n,,\n'), 'EMPTY'],
      ['Phone,Name\n+14155550132,"Ada\n', 'UNCLOSED_QUOTE'],
    ];
    for (const [source, code] of cases) {
      const error = await parseImport(source, { defaultCountry: 'US' }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ImportFileError);
      expect((error as ImportFileError).code).toBe(code);
      expect((error as ImportFileError).message.length).toBeGreaterThan(20);
    }
    expect(FakeWorker.created.every((worker) => worker.terminated)).toBe(true);
  });

  it('rejects with WORKER_FAILED when the worker itself fails', async () => {
    FakeWorker.crash = true;
    const error = await parseImport('x', { defaultCountry: 'US' }).catch((e: unknown) => e);
    expect((error as ImportFileError).code).toBe('WORKER_FAILED');
    expect(FakeWorker.created[0]!.terminated).toBe(true);
  });

  it('stops the worker and rejects when aborted', async () => {
    const controller = new AbortController();
    const progress = vi.fn();
    const pending = parseImport(
      importSampleCsv({ rows: 2000 }),
      { defaultCountry: 'US' },
      progress,
      controller.signal,
    );
    controller.abort();
    const error = await pending.catch((e: unknown) => e);
    expect((error as DOMException).name).toBe('AbortError');
    expect(FakeWorker.created[0]!.terminated).toBe(true);
    // Nothing reaches the caller after the abort.
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(progress).not.toHaveBeenCalled();
  });

  it('does not start a worker when already aborted', async () => {
    const error = await parseImport(
      'x',
      { defaultCountry: 'US' },
      undefined,
      AbortSignal.abort(),
    ).catch((e: unknown) => e);
    expect((error as DOMException).name).toBe('AbortError');
    expect(FakeWorker.created).toHaveLength(0);
  });
});

describe('runImportJob', () => {
  it(`posts progress at most every ${PROGRESS_INTERVAL_MS} ms, then rows, then done`, async () => {
    let clock = 0;
    const now = () => (clock += 10); // every row checked "takes" 10 ms
    const messages: ImportWorkerMessage[] = [];
    await runImportJob(
      { source: importSampleCsv({ rows: 100 }), options: { defaultCountry: 'US' } },
      (message) => messages.push(structuredClone(message)),
      now,
    );
    const progress = messages.filter((message) => message.type === 'progress');
    // 100 rows at 10 ms each is 1 s: about one message per 50 ms, never more.
    expect(progress.length).toBeGreaterThanOrEqual(15);
    expect(progress.length).toBeLessThanOrEqual(21);
    expect(messages.at(-1)!.type).toBe('done');
    const firstRows = messages.findIndex((message) => message.type === 'rows');
    expect(messages.slice(firstRows, -1).every((message) => message.type === 'rows')).toBe(true);
  });
});
