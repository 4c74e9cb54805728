// The import's plan: what the preview shows for each row is exactly what is sent to main —
// rows with errors and numbers that already have a card (per the user's choice) are left
// out with their reason, the others go as setups or updates with their checked images.
import { describe, expect, it } from 'vitest';
import type { ImportImageResult, KnownCard } from '../../../../../../shared/import.schema.ts';
import type { ImportRowCheck } from '../../../../../../renderer/src/features/import/parse/validate-rows.ts';
import { UNCHECKED_LOCAL_IMAGE_NOTE } from '../../../../../../renderer/src/features/import/parse/image-reference.ts';
import {
  buildImportRequest,
  countPlan,
  filterPlan,
  planRows,
  uncheckedImages,
  type ImportRequestOptions,
  type PlanInput,
  type PlannedRow,
} from '../../../../../../renderer/src/features/import/plan/import-plan.ts';

const SHA = 'a'.repeat(64);

function row(index: number, overrides: Partial<ImportRowCheck> = {}): ImportRowCheck {
  return {
    index,
    line: index + 2,
    cells: [],
    phoneInput: `415555010${index}`,
    phoneNumber: `+1415555010${index}`,
    firstName: `Store ${index}`,
    lastName: '',
    image: null,
    status: 'ready',
    problems: [],
    errorCount: 0,
    duplicateOf: null,
    readInDefaultCountry: false,
    ...overrides,
  };
}

function card(
  phoneNumber: string,
  status: KnownCard['status'] = 'active',
  isActive: boolean | null = status === 'active' ? true : status === 'inactive' ? false : null,
): KnownCard {
  return {
    phoneNumber,
    firstName: 'Old',
    lastName: 'Name',
    status,
    isActive,
    imageUrl: null,
    photoSha256: null,
  };
}

const REQUEST_ID = '0b6f6a8e-3c1d-4f5e-9a7b-2c8d1e4f6a90';

function options(fileName: string, lastNameColumn = true): ImportRequestOptions {
  return { fileName, requestId: REQUEST_ID, lastNameColumn };
}

function input(overrides: Partial<PlanInput>): PlanInput {
  return {
    rows: [],
    known: new Map(),
    images: new Map(),
    policy: 'skip',
    decisions: new Map(),
    lastNameColumn: true,
    accountLines: null,
    includeOtherNumbers: false,
    ...overrides,
  };
}

describe('planRows', () => {
  it('leaves out rows with errors, naming duplicates as such', () => {
    const rows = [
      row(0, {
        phoneNumber: null,
        phoneInput: '555',
        status: 'error',
        problems: ['Too short'],
        errorCount: 1,
      }),
      row(1, { problems: ['Also on line 4'], status: 'warning' }),
      row(2, {
        phoneNumber: '+14155550101',
        status: 'error',
        problems: ['Same number as line 3'],
        errorCount: 1,
        duplicateOf: 1,
      }),
    ];
    const plan = planRows(input({ rows }));
    expect(plan.map((p) => [p.status, p.action, p.skipReason])).toEqual([
      ['error', null, 'invalid'],
      ['warning', 'setup', null],
      ['error', null, 'duplicate'],
    ]);
  });

  it('skips, updates or asks about numbers that already have a card, as chosen', () => {
    const rows = [row(0), row(1)];
    const known = new Map([[rows[0]!.phoneNumber!, card(rows[0]!.phoneNumber!)]]);
    const skip = planRows(input({ rows, known, policy: 'skip' }));
    expect(skip[0]).toMatchObject({ status: 'skip', action: null, skipReason: 'has-card' });
    expect(skip[0]!.note).toBe('Already has a card (Old Name): skipped');
    expect(skip[1]).toMatchObject({ status: 'ready', action: 'setup' });

    const update = planRows(input({ rows, known, policy: 'update' }));
    expect(update[0]).toMatchObject({ status: 'ready', action: 'update' });

    const ask = planRows(input({ rows, known, policy: 'ask' }));
    expect(ask[0]).toMatchObject({ status: 'decide', action: null });
    const decided = planRows(
      input({
        rows,
        known,
        policy: 'ask',
        decisions: new Map([[rows[0]!.phoneNumber!, 'update' as const]]),
      }),
    );
    expect(decided[0]).toMatchObject({ status: 'ready', action: 'update' });
  });

  it('sets up a number whose earlier setup failed or was cancelled: it has no card', () => {
    const rows = [row(0), row(1)];
    const known = new Map([
      [rows[0]!.phoneNumber!, card(rows[0]!.phoneNumber!, 'failed')],
      [rows[1]!.phoneNumber!, card(rows[1]!.phoneNumber!, 'cancelled')],
    ]);
    const plan = planRows(input({ rows, known, policy: 'skip' }));
    expect(plan.map((p) => p.action)).toEqual(['setup', 'setup']);
    expect(plan.every((p) => p.existing === null)).toBe(true);
  });

  it('treats a card Linq confirmed as existing even when a later change to it failed', () => {
    const rows = [row(0), row(1)];
    const known = new Map([
      [rows[0]!.phoneNumber!, card(rows[0]!.phoneNumber!, 'failed', true)],
      [rows[1]!.phoneNumber!, card(rows[1]!.phoneNumber!, 'cancelled', false)],
    ]);
    const plan = planRows(input({ rows, known, policy: 'skip' }));
    expect(plan.map((p) => p.skipReason)).toEqual(['has-card', 'has-card']);
  });

  it('turns a local image main refused into an error, and keeps the photo of one it stored', () => {
    const note = UNCHECKED_LOCAL_IMAGE_NOTE;
    const rows = [
      row(0, {
        image: { kind: 'path', path: '/photos/a.jpg' },
        status: 'warning',
        problems: [note],
      }),
      row(1, {
        image: { kind: 'path', path: '/photos/b.txt' },
        status: 'warning',
        problems: [note],
      }),
      row(2, {
        image: { kind: 'path', path: '/photos/c.jpg' },
        status: 'warning',
        problems: ['Also on line 9.', note],
      }),
      row(3, {
        image: { kind: 'path', path: '/photos/unchecked.jpg' },
        status: 'warning',
        problems: [note],
      }),
    ];
    const photo = { sha256: SHA, contentType: 'image/jpeg' as const };
    const images = new Map<string, ImportImageResult>([
      ['/photos/a.jpg', { path: '/photos/a.jpg', ok: true, photo }],
      [
        '/photos/b.txt',
        {
          path: '/photos/b.txt',
          ok: false,
          error: { code: 'INVALID_INPUT', message: 'Not an image.' },
        },
      ],
      ['/photos/c.jpg', { path: '/photos/c.jpg', ok: true, photo }],
    ]);
    const plan = planRows(input({ rows, images }));
    // Checked and stored: the "checked when imported" note goes, and the row is ready.
    expect(plan[0]).toMatchObject({ status: 'ready', action: 'setup', photo, problems: [] });
    expect(plan[1]).toMatchObject({ status: 'error', action: null, skipReason: 'invalid' });
    expect(plan[1]!.problems).toEqual(['The image /photos/b.txt cannot be used: Not an image.']);
    // Another warning keeps the row a warning.
    expect(plan[2]).toMatchObject({ status: 'warning', problems: ['Also on line 9.'] });
    // Not checked yet: as the parser said.
    expect(plan[3]).toMatchObject({ status: 'warning', problems: [note], photo: null });
  });
});

describe('updates', () => {
  it('keeps a choice with its number when the rows are read again and move', () => {
    const rows = [row(0), row(1)];
    const known = new Map(rows.map((r) => [r.phoneNumber!, card(r.phoneNumber!)]));
    const decisions = new Map([[rows[1]!.phoneNumber!, 'update' as const]]);
    const before = planRows(input({ rows, known, policy: 'ask', decisions }));
    expect(before.map((p) => p.status)).toEqual(['decide', 'ready']);
    // The header switched off: a row comes first, every index moves by one.
    const shifted = [row(0, { phoneNumber: '+14155550199', phoneInput: 'Phone' }), ...rows].map(
      (r, index) => ({ ...r, index, line: index + 1 }),
    );
    const after = planRows(input({ rows: shifted, known, policy: 'ask', decisions }));
    expect(after.map((p) => [p.check.phoneNumber, p.status, p.action])).toEqual([
      ['+14155550199', 'ready', 'setup'],
      [rows[0]!.phoneNumber, 'decide', null],
      [rows[1]!.phoneNumber, 'ready', 'update'],
    ]);
  });

  it('sends no update that would change nothing on the card', () => {
    const same = { firstName: 'Old', lastName: 'Name' };
    const rows = [
      row(0, same),
      row(1, { ...same, image: { kind: 'url', url: 'https://example.com/same.png' } }),
      row(2, { ...same, lastName: 'Other' }),
      row(3, same), // the number has a change still waiting in the outbox
    ];
    const known = new Map([
      [rows[0]!.phoneNumber!, card(rows[0]!.phoneNumber!)],
      [
        rows[1]!.phoneNumber!,
        { ...card(rows[1]!.phoneNumber!), imageUrl: 'https://example.com/same.png' },
      ],
      [rows[2]!.phoneNumber!, card(rows[2]!.phoneNumber!)],
      [rows[3]!.phoneNumber!, card(rows[3]!.phoneNumber!, 'waiting', true)],
    ]);
    for (const policy of ['update', 'ask'] as const) {
      const plan = planRows(input({ rows, known, policy }));
      expect(plan.map((p) => [p.status, p.skipReason, p.note])).toEqual([
        ['skip', 'has-card', 'Already has these details: nothing to update'],
        ['skip', 'has-card', 'Already has these details: nothing to update'],
        policy === 'ask'
          ? ['decide', null, 'Already has a card (Old Name): choose skip or update']
          : ['ready', null, 'Already has a card (Old Name): it will be updated (last name)'],
        // Behind a change still waiting, it cannot be compared: sent whole.
        policy === 'ask'
          ? ['decide', null, 'Already has a card (Old Name): choose skip or update']
          : ['ready', null, 'Already has a card (Old Name): it will be updated'],
      ]);
      expect(countPlan(plan).decide).toBe(policy === 'ask' ? 2 : 0);
    }
    const request = buildImportRequest(
      options('x.csv'),
      planRows(input({ rows, known, policy: 'update' })),
    );
    expect(request.rows.map((r) => r.line)).toEqual([4, 5]);
    expect(request.skipped.map((r) => [r.line, r.reason, r.detail])).toEqual([
      [2, 'has-card', 'Already has these details: nothing to update.'],
      [3, 'has-card', 'Already has these details: nothing to update.'],
    ]);
    // Without a last-name column the last name is not compared (nor sent).
    const noColumn = planRows(
      input({
        rows: [row(0, { firstName: 'Old' })],
        known,
        policy: 'update',
        lastNameColumn: false,
      }),
    );
    expect(noColumn[0]).toMatchObject({ status: 'skip', skipReason: 'has-card' });
  });

  it('clears a last name only when the file has a last-name column', () => {
    const rows = [row(0, { lastName: '' }), row(1, { lastName: '' })];
    const known = new Map([[rows[0]!.phoneNumber!, card(rows[0]!.phoneNumber!)]]);
    const plan = planRows(input({ rows, known, policy: 'update' }));
    // The preview says so before it happens.
    expect(plan[0]!.note).toBe(
      'Already has a card (Old Name): it will be updated (first name, last name removed)',
    );
    const withColumn = buildImportRequest(options('x.csv'), plan);
    expect(withColumn.requestId).toBe(REQUEST_ID);
    expect(withColumn.rows).toEqual([
      {
        line: 2,
        action: 'update',
        phoneNumber: rows[0]!.phoneNumber,
        firstName: 'Store 0',
        lastName: '',
      },
      // A setup leaves an empty last name out, as the form does.
      { line: 3, action: 'setup', phoneNumber: rows[1]!.phoneNumber, firstName: 'Store 1' },
    ]);
    const withoutColumn = buildImportRequest(
      options('x.csv', false),
      planRows(input({ rows, known, policy: 'update', lastNameColumn: false })),
    );
    expect(withoutColumn.rows[0]).not.toHaveProperty('lastName');
  });

  it('counts the rows to import whose local image was never checked', () => {
    const rows = [
      row(0, { image: { kind: 'path', path: '/p/a.png' }, status: 'warning' }),
      row(1, { image: { kind: 'path', path: '/p/b.png' }, status: 'warning' }),
    ];
    const images = new Map<string, ImportImageResult>([
      [
        '/p/a.png',
        { path: '/p/a.png', ok: true, photo: { sha256: SHA, contentType: 'image/png' } },
      ],
    ]);
    const plan = planRows(input({ rows, images }));
    expect(uncheckedImages(plan)).toBe(1);
    expect(buildImportRequest(options('x.csv'), plan).skipped).toEqual([
      expect.objectContaining({
        line: 3,
        reason: 'excluded',
        detail: 'Its image could not be checked: left out.',
      }),
    ]);
  });
});

describe('countPlan and filterPlan', () => {
  it('counts each status, cards, duplicates and actions, and filters by them', () => {
    const rows = [
      row(0),
      row(1, { status: 'warning', problems: ['Also on line 5'] }),
      row(2, {
        status: 'error',
        phoneNumber: '+14155550101',
        duplicateOf: 1,
        problems: ['Same number as line 3'],
        errorCount: 1,
      }),
      row(3),
    ];
    const known = new Map([[rows[3]!.phoneNumber!, card(rows[3]!.phoneNumber!)]]);
    const plan = planRows(input({ rows, known, policy: 'update' }));
    expect(countPlan(plan)).toEqual({
      rows: 4,
      ready: 2,
      warning: 1,
      error: 1,
      skip: 0,
      decide: 0,
      hasCard: 1,
      duplicates: 1,
      setup: 2,
      update: 1,
      otherNumbers: 0,
    });
    expect(filterPlan(plan, 'all')).toEqual([0, 1, 2, 3]);
    expect(filterPlan(plan, 'error')).toEqual([2]);
    expect(filterPlan(plan, 'warning')).toEqual([1]);
    expect(filterPlan(plan, 'has-card')).toEqual([3]);
    expect(filterPlan(plan, 'duplicate')).toEqual([2]);
  });
});

describe('buildImportRequest', () => {
  it('sends the importable rows and accounts for every other row with its reason', () => {
    const rows = [
      row(0, { lastName: 'Downtown', image: { kind: 'url', url: 'https://example.com/a.png' } }),
      row(1, {
        phoneNumber: null,
        phoneInput: 'abc',
        status: 'error',
        problems: ['Not a phone number'],
        errorCount: 1,
      }),
      row(2),
      row(3, {
        image: { kind: 'path', path: '/p/c.png' },
        status: 'warning',
        problems: ['Local image'],
      }),
    ];
    const known = new Map([[rows[2]!.phoneNumber!, card(rows[2]!.phoneNumber!)]]);
    const images = new Map<string, ImportImageResult>([
      [
        '/p/c.png',
        { path: '/p/c.png', ok: true, photo: { sha256: SHA, contentType: 'image/png' } },
      ],
    ]);
    const plan = planRows(input({ rows, known, images, policy: 'skip' }));
    const request = buildImportRequest(options('stores.csv'), plan);
    expect(request.fileName).toBe('stores.csv');
    expect(request.rows).toEqual([
      {
        line: 2,
        action: 'setup',
        phoneNumber: '+14155550100',
        firstName: 'Store 0',
        lastName: 'Downtown',
        imageUrl: 'https://example.com/a.png',
      },
      {
        line: 5,
        action: 'setup',
        phoneNumber: '+14155550103',
        firstName: 'Store 3',
        photo: { sha256: SHA, contentType: 'image/png' },
      },
    ]);
    expect(request.skipped).toEqual([
      {
        line: 3,
        phoneNumber: 'abc',
        firstName: 'Store 1',
        lastName: '',
        reason: 'invalid',
        detail: 'Not a phone number',
      },
      {
        line: 4,
        phoneNumber: '+14155550102',
        firstName: 'Store 2',
        lastName: '',
        reason: 'has-card',
        detail: 'Already has a card (Old Name): skipped.',
      },
    ]);
  });

  it('never sends a local image main has not checked', () => {
    const rows = [row(0, { image: { kind: 'path', path: '/p/unchecked.png' }, status: 'warning' })];
    const request = buildImportRequest(options('x.csv'), planRows(input({ rows })));
    expect(request.rows).toEqual([]);
    expect(request.skipped).toHaveLength(1);
  });

  it('names pasted rows and keeps the skipped values within the contract limits', () => {
    const long = 'x'.repeat(300);
    const rows = [
      row(0, {
        phoneNumber: null,
        phoneInput: long,
        firstName: long,
        status: 'error',
        problems: [long.repeat(5)],
        errorCount: 1,
      }),
    ];
    const request = buildImportRequest(options(''), planRows(input({ rows })));
    expect(request.fileName).toBe('Pasted rows');
    const skipped = request.skipped[0]!;
    expect(skipped.phoneNumber).toHaveLength(64);
    expect(skipped.firstName).toHaveLength(256);
    expect(skipped.detail).toHaveLength(1000);
  });
});

describe("numbers that are not the account's lines", () => {
  // Rows 0 and 1 are lines of the account; rows 2 and 3 are not.
  const rows = [row(0), row(1), row(2), row(3)];
  const accountLines = new Set([rows[0]!.phoneNumber!, rows[1]!.phoneNumber!]);
  const summary = (plan: PlannedRow[]) =>
    plan.map((p) => [p.status, p.action, p.otherNumber, p.skipReason]);

  it('holds them back with a warning until they are included, and counts them', () => {
    const plan = planRows(input({ rows, accountLines }));
    expect(summary(plan)).toEqual([
      ['ready', 'setup', null, null],
      ['ready', 'setup', null, null],
      ['warning', null, 'held-back', 'excluded'],
      ['warning', null, 'held-back', 'excluded'],
    ]);
    expect(plan[2]!.problems).toEqual(["Not one of your account's lines."]);
    expect(plan[2]!.note).toBe('Left out unless you include it on the Confirm step');
    expect(countPlan(plan)).toMatchObject({ setup: 2, otherNumbers: 2, warning: 2, ready: 2 });
  });

  it('imports them, still marked, once "Include them anyway" is checked', () => {
    const plan = planRows(input({ rows, accountLines, includeOtherNumbers: true }));
    expect(summary(plan)).toEqual([
      ['ready', 'setup', null, null],
      ['ready', 'setup', null, null],
      ['warning', 'setup', 'included', null],
      ['warning', 'setup', 'included', null],
    ]);
    expect(countPlan(plan)).toMatchObject({ setup: 4, otherNumbers: 2 });
    const request = buildImportRequest(options('x.csv'), plan);
    expect(request.rows.map((r) => r.phoneNumber)).toEqual(rows.map((r) => r.phoneNumber));
  });

  it('sends only the lines when they are not included, and reports the others as skipped', () => {
    const request = buildImportRequest(options('x.csv'), planRows(input({ rows, accountLines })));
    expect(request.rows.map((r) => r.phoneNumber)).toEqual(['+14155550100', '+14155550101']);
    expect(request.skipped).toEqual([
      {
        line: 4,
        phoneNumber: '+14155550102',
        firstName: 'Store 2',
        lastName: '',
        reason: 'excluded',
        detail: `Not one of your account's lines. "Include them anyway" was not checked: left out.`,
      },
      expect.objectContaining({ line: 5, phoneNumber: '+14155550103', reason: 'excluded' }),
    ]);
  });

  it('holds back an update of a card on such a number too, but not rows left out anyway', () => {
    const rows = [
      row(2),
      row(3),
      row(4, { phoneNumber: null, status: 'error', problems: ['Too short'], errorCount: 1 }),
    ];
    const known = new Map([
      [rows[0]!.phoneNumber!, card(rows[0]!.phoneNumber!)],
      [rows[1]!.phoneNumber!, card(rows[1]!.phoneNumber!)],
    ]);
    const decisions = new Map([[rows[1]!.phoneNumber!, 'update' as const]]);
    const plan = planRows(input({ rows, known, accountLines, policy: 'ask', decisions }));
    expect(summary(plan)).toEqual([
      ['decide', null, null, null], // the user decides first; held back if updated
      ['warning', null, 'held-back', 'excluded'],
      ['error', null, null, 'invalid'],
    ]);
  });

  it('holds nothing back while the lines are not known', () => {
    const plan = planRows(input({ rows, accountLines: null }));
    expect(plan.every((p) => p.action === 'setup' && p.otherNumber === null)).toBe(true);
    expect(plan.every((p) => p.status === 'ready' && p.problems.length === 0)).toBe(true);
  });
});

describe('a clean file of national numbers', () => {
  it('is all ready: reading numbers in the default country is no warning of the plan', () => {
    const rows = [0, 1, 2, 3].map((i) =>
      row(i, { phoneInput: `(415) 555-010${i}`, readInDefaultCountry: true }),
    );
    const accountLines = new Set(rows.map((r) => r.phoneNumber!));
    const counts = countPlan(planRows(input({ rows, accountLines })));
    expect(counts).toMatchObject({ rows: 4, ready: 4, warning: 0, error: 0, otherNumbers: 0 });
  });
});
