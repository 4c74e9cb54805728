// A schedule's time came while the app was not running: on time, late (told, then sent) or
// overdue (the user decides).
import { expect, it } from 'vitest';
import { lateness, ON_TIME_TOLERANCE_MS } from '../../electron/services/rollouts/lateness.ts';

const T = Date.parse('2026-12-08T09:00:00Z');
const HOUR = 3_600_000;

it('before its time it is early, and within the tolerance after it on time', () => {
  expect(lateness(T, T - 1, 12 * HOUR)).toBe('early');
  expect(lateness(T, T, 12 * HOUR)).toBe('on-time');
  expect(lateness(T, T + ON_TIME_TOLERANCE_MS, 12 * HOUR)).toBe('on-time');
});

it('later than the tolerance it is late up to the limit, then overdue', () => {
  expect(lateness(T, T + ON_TIME_TOLERANCE_MS + 1, 12 * HOUR)).toBe('late');
  expect(lateness(T, T + 12 * HOUR, 12 * HOUR)).toBe('late');
  expect(lateness(T, T + 12 * HOUR + 1, 12 * HOUR)).toBe('overdue');
  expect(lateness(T, T + 3 * 24 * HOUR, 12 * HOUR)).toBe('overdue');
});

it('a limit of 0 always asks once it is late', () => {
  expect(lateness(T, T + ON_TIME_TOLERANCE_MS + 1, 0)).toBe('overdue');
  expect(lateness(T, T + 60_000, 0)).toBe('on-time');
});
