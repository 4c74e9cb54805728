// The log file's rotation, on real files in a temporary folder: sizes, order, how many files
// are kept, owner-only permissions, and what a crash in the middle of a rotation leaves.
import { spawn, spawnSync } from 'node:child_process';
import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createLogger } from '../../electron/services/log/logger.ts';
import { openRotatingFile } from '../../electron/services/log/rotating-file.ts';

const ROTATING_FILE = fileURLToPath(
  new URL('../../electron/services/log/rotating-file.ts', import.meta.url),
);
const LOGGER = fileURLToPath(new URL('../../electron/services/log/logger.ts', import.meta.url));
const POSIX = process.platform !== 'win32';

let dir: string;

beforeEach(() => {
  dir = join(mkdtempSync(join(tmpdir(), 'linq-log-rotation-')), 'logs');
});

afterEach(() => {
  rmSync(join(dir, '..'), { recursive: true, force: true });
});

const file = (index: number) => join(dir, index === 0 ? 'app.log' : `app.${index}.log`);
const read = (index: number) =>
  existsSync(file(index)) ? readFileSync(file(index), 'utf8') : null;
const lines = (index: number) => (read(index) ?? '').split('\n').filter(Boolean);
/** Every line, oldest first: app.4.log, app.3.log, … app.log. */
const everyLine = (keep = 4) =>
  Array.from({ length: keep + 1 }, (_, i) => keep - i).flatMap((index) => lines(index));

/** A 100-byte line (with its newline) numbered `n`. */
const line = (n: number) => `${`line ${n} `.padEnd(99, '.')}\n`;

describe('rotation by size', () => {
  it('rotates before a line would take app.log past the limit, never after', () => {
    const log = openRotatingFile({ dir, maxBytes: 1000, keep: 4 });
    for (let n = 0; n < 10; n++) log.append(line(n));
    // Exactly full: ten 100-byte lines fit in 1000 bytes.
    expect(statSync(file(0)).size).toBe(1000);
    expect(existsSync(file(1))).toBe(false);
    log.append(line(10));
    expect(statSync(file(1)).size).toBe(1000);
    expect(statSync(file(0)).size).toBe(100);
    expect(lines(0)).toEqual([line(10).trimEnd()]);
    log.close();
  });

  it('gives a line longer than the limit a file of its own, and loses nothing', () => {
    const log = openRotatingFile({ dir, maxBytes: 150, keep: 4 });
    log.append(line(1));
    log.append('x'.repeat(400) + '\n');
    log.append(line(2));
    expect(lines(2)).toEqual([line(1).trimEnd()]);
    expect(lines(1)).toEqual(['x'.repeat(400)]);
    expect(lines(0)).toEqual([line(2).trimEnd()]);
    log.close();
  });

  it('keeps app.log and app.1.log … app.4.log, newest first, and drops only the oldest', () => {
    const log = openRotatingFile({ dir, maxBytes: 1000, keep: 4 });
    for (let n = 0; n < 77; n++) log.append(line(n));
    log.close();
    expect(readdirSync(dir).sort()).toEqual([
      'app.1.log',
      'app.2.log',
      'app.3.log',
      'app.4.log',
      'app.log',
    ]);
    // Ten lines per full file: 27 in total were dropped with the oldest files.
    const numbers = everyLine().map((text) => Number(/^line (\d+)/.exec(text)![1]));
    expect(numbers).toEqual(Array.from({ length: 47 }, (_, i) => 30 + i));
    expect(lines(4)[0]).toMatch(/^line 30 /);
    expect(lines(0)).toHaveLength(7);
  });

  it('counts what an earlier run left in app.log', () => {
    mkdirSync(dir, { recursive: true });
    writeFileSync(file(0), line(0).repeat(9));
    const log = openRotatingFile({ dir, maxBytes: 1000, keep: 4 });
    log.append(line(9));
    expect(existsSync(file(1))).toBe(false);
    log.append(line(10));
    expect(lines(1)).toHaveLength(10);
    log.close();
  });

  it('still writes after close, opening the file for each line', () => {
    const log = openRotatingFile({ dir, maxBytes: 1000, keep: 4 });
    log.append(line(1));
    log.close();
    log.append(line(2));
    expect(lines(0)).toHaveLength(2);
  });
});

describe('the end of a run', () => {
  it('close() still lets a later line through; finish() writes the last line and drops any after', () => {
    const log = createLogger({ dir });
    log.info('one');
    log.close();
    log.info('after close'); // the file is opened again for it
    log.finish('Stopped', { reason: 'test' });
    log.error('late work failing on the closed database');
    log.info('and more');
    expect(lines(0).map((text) => JSON.parse(text) as { message: string })).toMatchObject([
      { message: 'one' },
      { message: 'after close' },
      { message: 'Stopped', reason: 'test' },
    ]);
  });
});

describe.runIf(POSIX)('permissions', () => {
  const mode = (path: string) => statSync(path).mode & 0o777;

  it('creates the folder 0700 and every file 0600, rotated ones included', () => {
    const log = openRotatingFile({ dir, maxBytes: 200, keep: 2 });
    for (let n = 0; n < 6; n++) log.append(line(n));
    log.close();
    expect(mode(dir)).toBe(0o700);
    for (const index of [0, 1, 2]) expect(mode(file(index))).toBe(0o600);
  });

  it('narrows a folder and a file that an earlier version left readable to others', () => {
    mkdirSync(dir, { recursive: true, mode: 0o755 });
    chmodSync(dir, 0o755);
    writeFileSync(file(0), line(0), { mode: 0o644 });
    chmodSync(file(0), 0o644);
    const log = createLogger({ dir });
    log.info('hello');
    log.close();
    expect(mode(dir)).toBe(0o700);
    expect(mode(file(0))).toBe(0o600);
  });
});

describe('a crash in the middle of a rotation', () => {
  // Rotation renames app.3→4, app.2→3, app.1→2, then app→1. Each case is the state a crash
  // after one of those renames leaves; the next rotation must finish it as if nothing happened.
  const states: [string, Record<number, string>][] = [
    ['after app.3 → app.4', { 0: 'A', 1: 'B', 2: 'C', 4: 'D' }],
    ['after app.2 → app.3', { 0: 'A', 1: 'B', 3: 'C', 4: 'D' }],
    ['after app.1 → app.2', { 0: 'A', 2: 'B', 3: 'C', 4: 'D' }],
  ];

  it.each(states)('%s: the next rotation ends as the interrupted one would have', (_, files) => {
    mkdirSync(dir, { recursive: true });
    for (const [index, tag] of Object.entries(files)) {
      writeFileSync(file(Number(index)), `${tag}\n`.repeat(10));
    }
    const log = openRotatingFile({ dir, maxBytes: 20, keep: 4 });
    log.append('new\n');
    log.close();
    expect([0, 1, 2, 3, 4].map((index) => read(index)?.split('\n')[0] ?? null)).toEqual([
      'new',
      'A',
      'B',
      'C',
      'D',
    ]);
  });

  it('after app.log → app.1: the next start simply begins a new app.log', () => {
    mkdirSync(dir, { recursive: true });
    writeFileSync(file(1), 'A\n');
    writeFileSync(file(2), 'B\n');
    const log = openRotatingFile({ dir, maxBytes: 1000, keep: 4 });
    log.append('new\n');
    log.close();
    expect([read(0), read(1), read(2)]).toEqual(['new\n', 'A\n', 'B\n']);
  });

  it('a process killed while rotating constantly leaves whole lines, in order, none missing', async () => {
    // A child logs numbered lines into 120-byte files (a rotation every other line) until it
    // is SIGKILLed; a new writer then carries on in the same folder.
    const child = spawn(
      process.execPath,
      [
        '--input-type=module',
        '-e',
        `const { openRotatingFile } = await import(${JSON.stringify(ROTATING_FILE)});
         const log = openRotatingFile({ dir: ${JSON.stringify(dir)}, maxBytes: 120, keep: 4 });
         for (let n = 0; ; n++) {
           log.append(JSON.stringify({ n, pad: 'x'.repeat(30) }) + '\\n');
           if (n === 2000) process.stdout.write('going\\n');
         }`,
      ],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    await new Promise<void>((resolve, reject) => {
      child.on('error', reject);
      child.on('exit', (code) => reject(new Error(`the child exited by itself (${code})`)));
      child.stdout.on('data', () => resolve());
    });
    child.removeAllListeners('exit');
    const exited = new Promise((resolve) => child.on('exit', resolve));
    child.kill('SIGKILL');
    await exited;

    const log = openRotatingFile({ dir, maxBytes: 120, keep: 4 });
    log.append(JSON.stringify({ n: 'after' }) + '\n');
    log.close();

    const records = everyLine().map((text) => JSON.parse(text) as { n: number | 'after' });
    const numbers = records.slice(0, -1).map((record) => record.n as number);
    expect(records.at(-1)).toEqual({ n: 'after' });
    expect(numbers.length).toBeGreaterThanOrEqual(4);
    // Contiguous: no line lost or reordered by the kill, whichever rename it interrupted.
    expect(numbers).toEqual(numbers.map((_, i) => numbers[0]! + i));
    expect(numbers.at(-1)).toBeGreaterThanOrEqual(2000);
    expect(readdirSync(dir).length).toBeLessThanOrEqual(5);
  });
});

describe('a line cut short (a full disk, a power cut)', () => {
  it('the next line starts on a line of its own, so it still reads as JSON', () => {
    mkdirSync(dir, { recursive: true });
    writeFileSync(file(0), '{"n":1}\n{"n":2,"message":"half of a li');
    const log = createLogger({ dir, now: () => new Date(0) });
    log.info('after the cut');
    log.info('and one more');
    log.close();
    expect(read(0)!.split('\n')).toEqual([
      '{"n":1}',
      '{"n":2,"message":"half of a li',
      '{"time":"1970-01-01T00:00:00.000Z","level":"info","message":"after the cut"}',
      '{"time":"1970-01-01T00:00:00.000Z","level":"info","message":"and one more"}',
      '',
    ]);
  });

  it.runIf(POSIX)('a real write that fails half way (file size limit) loses only that line', () => {
    // A child whose file size limit (ulimit -f, in 512-byte blocks) stands in for a full disk:
    // the write that crosses it is cut short, the next ones fail; the logger carries on.
    mkdirSync(dir, { recursive: true });
    const child = spawnSync(
      'sh',
      [
        '-c',
        'ulimit -f 2 && exec "$0" --input-type=module -e "$1"',
        process.execPath,
        `process.on('SIGXFSZ', () => {});
         const { createLogger } = await import(${JSON.stringify(LOGGER)});
         const log = createLogger({ dir: ${JSON.stringify(dir)} });
         for (let n = 0; n < 40; n++) log.info('before', { n, pad: 'x'.repeat(40) });`,
      ],
      { encoding: 'utf8', timeout: 15_000 },
    );
    expect(child.status, child.stderr).toBe(0);
    expect(child.stderr).toContain('Could not write to the log');
    expect(statSync(file(0)).size).toBe(1024);
    expect(read(0)!.endsWith('\n')).toBe(false); // the cut line

    const log = createLogger({ dir });
    log.info('after', { n: 'after' });
    log.close();
    const texts = read(0)!.split('\n').filter(Boolean);
    const parsed = texts.map((text) => {
      try {
        return JSON.parse(text) as { n: number | string };
      } catch {
        return 'unreadable';
      }
    });
    // Whole lines, then the one that was cut, then the next run's line, whole.
    expect(parsed.at(-1)).toMatchObject({ message: 'after', n: 'after' });
    expect(parsed.at(-2)).toBe('unreadable');
    expect(parsed.slice(0, -2).every((record) => record !== 'unreadable')).toBe(true);
  });

  it('adds nothing to a file that ends with a whole line, or to an empty one', () => {
    const log = openRotatingFile({ dir, maxBytes: 10_000, keep: 4 });
    log.append('one\n');
    log.close();
    log.append('two\n');
    expect(read(0)).toBe('one\ntwo\n');
  });
});
