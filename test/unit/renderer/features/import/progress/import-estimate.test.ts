// The import's time-left estimate: from the rate observed over the last minute, silent until
// there is enough to go on, growing during a stall instead of freezing.
import { describe, expect, it } from 'vitest';
import {
  addSample,
  remainingText,
  secondsLeft,
  type ProgressSample,
} from '../../../../../../renderer/src/features/import/progress/import-estimate.ts';

describe('secondsLeft', () => {
  it('divides what is left by the observed rate', () => {
    const samples: ProgressSample[] = [
      { at: 0, done: 0 },
      { at: 5_000, done: 50 },
      { at: 10_000, done: 100 },
    ];
    // 10 rows a second, 900 to go.
    expect(secondsLeft(samples, 1000, 10_000)).toBeCloseTo(90);
  });

  it('says nothing before two seconds of observation or while nothing moved', () => {
    expect(secondsLeft([], 10, 0)).toBeNull();
    expect(
      secondsLeft(
        [
          { at: 0, done: 0 },
          { at: 1_000, done: 5 },
        ],
        10,
        1_000,
      ),
    ).toBeNull();
    expect(
      secondsLeft(
        [
          { at: 0, done: 3 },
          { at: 5_000, done: 3 },
        ],
        10,
        5_000,
      ),
    ).toBeNull();
  });

  it('grows while nothing arrives (the rate is measured up to now)', () => {
    const samples = [
      { at: 0, done: 0 },
      { at: 10_000, done: 100 },
    ];
    const fresh = secondsLeft(samples, 200, 10_000)!;
    const stalled = secondsLeft(samples, 200, 20_000)!;
    expect(fresh).toBeCloseTo(10);
    expect(stalled).toBeCloseTo(20);
  });

  it('is zero once everything is done', () => {
    expect(secondsLeft([{ at: 0, done: 10 }], 10, 0)).toBe(0);
  });
});

describe('addSample', () => {
  it('keeps the last minute plus one baseline sample before it', () => {
    let samples: ProgressSample[] = [];
    for (let second = 0; second <= 120; second += 10) {
      samples = addSample(samples, { at: second * 1000, done: second });
    }
    expect(samples[0]!.at).toBe(60_000);
    expect(samples.at(-1)!.at).toBe(120_000);
    // The rate follows the recent past: 1 row a second.
    expect(secondsLeft(samples, 200, 120_000)).toBeCloseTo(80);
  });

  it('follows a change of rate within the window', () => {
    let samples: ProgressSample[] = [];
    // Fast for two minutes (10/s), then slow (1/s) for a minute and a half.
    let done = 0;
    for (let second = 0; second <= 210; second += 5) {
      done += second <= 120 ? 50 : 5;
      samples = addSample(samples, { at: second * 1000, done });
    }
    const left = secondsLeft(samples, done + 100, 210_000)!;
    expect(left).toBeGreaterThan(90);
    expect(left).toBeLessThan(110);
  });
});

describe('remainingText', () => {
  it('says it in words people use', () => {
    expect(remainingText(null)).toBe('Estimating the time left…');
    expect(remainingText(0)).toBe('Almost done');
    expect(remainingText(4)).toBe('A few seconds left');
    expect(remainingText(42)).toBe('About 40 seconds left');
    expect(remainingText(70)).toBe('About a minute left');
    expect(remainingText(185)).toBe('About 3 minutes left');
    expect(remainingText(5400)).toBe('About 1.5 hours left');
    expect(remainingText(3600)).toBe('About an hour left');
  });
});
