// One way to name a file, so a newcomer can guess a path: modules are kebab-case
// (`card-form.ts`, `outbox-text.ts`), React components PascalCase (`CardForm.tsx`), in every
// layer. The renderer once mixed `cardForm.ts` with `paged-rows.ts`; this keeps it from
// drifting back.
import { execFileSync } from 'node:child_process';
import { basename } from 'node:path';
import { expect, it } from 'vitest';

const MODULE = /^[a-z0-9][a-z0-9.-]*\.(ts|js|mjs)$/;
const COMPONENT = /^[A-Z][A-Za-z0-9]*\.tsx$/;
const KEBAB_TSX = /^[a-z0-9][a-z0-9.-]*\.tsx$/;

function trackedSources(): string[] {
  const out = execFileSync('git', ['ls-files', '*.ts', '*.tsx', '*.js', '*.mjs'], {
    encoding: 'utf8',
  });
  return out.split('\n').filter(Boolean);
}

it('names every module kebab-case and every component PascalCase', () => {
  const files = trackedSources();
  expect(files.length).toBeGreaterThan(200);
  const misnamed = files.filter((file) => {
    const name = basename(file);
    return !(MODULE.test(name) || COMPONENT.test(name) || KEBAB_TSX.test(name));
  });
  expect(misnamed).toEqual([]);
});

it('would catch a camelCase module', () => {
  expect(MODULE.test('cardForm.ts')).toBe(false);
  expect(COMPONENT.test('cardForm.tsx')).toBe(false);
  expect(MODULE.test('card-form.ts')).toBe(true);
  expect(COMPONENT.test('CardForm.tsx')).toBe(true);
});
