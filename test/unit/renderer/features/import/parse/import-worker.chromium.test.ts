// The bulk import's real Web Worker in Debian's Chromium: bundled by Vite as the app is (the
// worker a chunk of its own, libphonenumber only in it), served from loopback under the app's
// Content-Security-Policy, given a File, and returning the same rows the same code gives in
// Node. Skipped, with the reason, where Chromium is not installed.
import { existsSync, readFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importSampleCsv } from '../../../../../../bench/import-sample.ts';
import { chromiumPath, launchChromium } from '../../../../../e2e/hosts/browser-host.ts';
import {
  buildImportLib,
  IMPORT_LIB_BUNDLE,
  importWorkerChunk,
} from '../../../../../e2e/hosts/import-lib-build.ts';
import { serveDirectory, type StaticServer } from '../../../../../e2e/hosts/static-server.ts';
import { guessColumns } from '../../../../../../renderer/src/features/import/parse/columns.ts';
import { parseDelimited } from '../../../../../../renderer/src/features/import/parse/parse-delimited.ts';
import { validateRows } from '../../../../../../renderer/src/features/import/parse/validate-rows.ts';

const hasChromium = existsSync(chromiumPath());

interface PageOutcome {
  rows?: { line: number; status: string; phoneNumber: string | null; problems: string[] }[];
  counts?: Record<string, number>;
  progress?: number;
  error?: { name: string; code?: string; message: string; isImportFileError: boolean };
}

describe.skipIf(!hasChromium)(`the import worker in Chromium (${chromiumPath()})`, () => {
  let server: StaticServer;
  let browser: Browser;
  let page: Page;
  let policy: string | undefined;
  const violations: string[] = [];
  const pageErrors: string[] = [];

  beforeAll(async () => {
    const dir = await buildImportLib();
    server = await serveDirectory(dir);
    browser = await launchChromium();
    page = await browser.newPage();
    page.on('pageerror', (error) => pageErrors.push(error.message));
    page.on('console', (message) => {
      if (message.type() === 'error') pageErrors.push(message.text());
    });
    await page.exposeFunction('__cspViolation', (text: string) => violations.push(text));
    await page.addInitScript(
      "document.addEventListener('securitypolicyviolation', (event) => " +
        "window.__cspViolation(event.violatedDirective + ' ' + event.blockedURI));",
    );
    const response = await page.goto(`${server.origin}/index.html`);
    policy = response?.headers()['content-security-policy'];
    await page.waitForFunction(() => 'importLib' in globalThis);
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  /** Runs parseImport in the page on a File made of `text` (or on the text itself). */
  function runInPage(
    text: string,
    asFile = true,
    abortAfterFirstProgress = false,
  ): Promise<PageOutcome> {
    return page.evaluate(
      async ({ text, asFile, abortAfterFirstProgress }) => {
        type Lib = {
          parseImport(
            source: File | string,
            options: { defaultCountry: string },
            onProgress?: (done: number, total: number) => void,
            signal?: AbortSignal,
          ): Promise<{ rows: PageOutcome['rows']; counts: Record<string, number> }>;
        };
        const lib = (globalThis as unknown as { importLib: Lib }).importLib;
        const source = asFile ? new File([text], 'cards.csv', { type: 'text/csv' }) : text;
        const controller = new AbortController();
        let progress = 0;
        try {
          const result = await lib.parseImport(
            source,
            { defaultCountry: 'US' },
            () => {
              progress++;
              if (abortAfterFirstProgress) controller.abort();
            },
            controller.signal,
          );
          const rows = result.rows!.map(({ line, status, phoneNumber, problems }) => ({
            line,
            status,
            phoneNumber,
            problems,
          }));
          return { rows, counts: result.counts, progress };
        } catch (error) {
          const e = error as Error & { code?: string };
          return {
            progress,
            error: {
              name: e.name,
              code: e.code,
              message: e.message,
              isImportFileError: e.name === 'ImportFileError',
            },
          };
        }
      },
      { text, asFile, abortAfterFirstProgress },
    );
  }

  it('bundles the worker as its own chunk, with the phone rules only in it', () => {
    const chunk = importWorkerChunk();
    expect(chunk).not.toBeNull();
    const main = readFileSync(IMPORT_LIB_BUNDLE, 'utf8');
    expect(main).toContain(chunk!);
    // A message of shared/phone.ts: present in the worker, absent from the window's bundle.
    expect(main).not.toContain('This number is too short.');
    expect(
      readFileSync(`${IMPORT_LIB_BUNDLE.replace(/[^/]+$/, '')}assets/${chunk}`, 'utf8'),
    ).toContain('This number is too short.');
  });

  it('runs under the app’s Content-Security-Policy without a violation', async () => {
    expect(policy).toMatch(/script-src 'self'/);
    const outcome = await runInPage('Phone,First name\n+14155550132,Ada\n');
    expect(outcome.error).toBeUndefined();
    expect(outcome.rows).toEqual([
      { line: 2, status: 'ready', phoneNumber: '+14155550132', problems: [] },
    ]);
    expect(violations).toEqual([]);
    expect(pageErrors).toEqual([]);
  });

  it('reads a 10,000-row File in the worker and returns what the same code gives in Node', async () => {
    const text = importSampleCsv({ rows: 10_000, excel: true });
    const outcome = await runInPage(text);
    expect(outcome.error).toBeUndefined();
    const parsed = parseDelimited(text);
    const guess = guessColumns(parsed.rows[0]!, parsed.rows.slice(1));
    const expected = validateRows(parsed.rows, guess.map, guess.hasHeader, {
      defaultCountry: 'US',
      lines: parsed.lines,
    }).map(({ line, status, phoneNumber, problems }) => ({ line, status, phoneNumber, problems }));
    expect(outcome.rows).toHaveLength(10_000);
    expect(outcome.rows).toEqual(expected);
    expect(outcome.progress).toBeGreaterThanOrEqual(1);
  });

  it('takes pasted text as well as a File', async () => {
    const outcome = await runInPage('Ada\t+44 20 7946 0958\n', false);
    expect(outcome.rows).toEqual([
      { line: 1, status: 'ready', phoneNumber: '+442079460958', problems: [] },
    ]);
  });

  it('rejects with an ImportFileError whose code the UI can branch on', async () => {
    const outcome = await runInPage('Phone,Name\n+14155550132,"Ada\n');
    expect(outcome.error).toMatchObject({ isImportFileError: true, code: 'UNCLOSED_QUOTE' });
    expect(outcome.error!.message).toContain('line 2');
  });

  it('stops when aborted and rejects with an AbortError', async () => {
    const outcome = await runInPage(importSampleCsv({ rows: 10_000 }), true, true);
    expect(outcome.error?.name).toBe('AbortError');
    expect(outcome.progress).toBe(1);
  });
});

if (!hasChromium) {
  describe('the import worker in Chromium', () => {
    it.skip(`needs Chromium at ${chromiumPath()} (apt-get install chromium, or set CHROMIUM_PATH)`, () => {});
  });
}
