// One log file that rotates by size: app.log is written; when the next line would take it past
// `maxBytes` it becomes app.1.log, app.1.log becomes app.2.log, and so on, the oldest being
// replaced. Appends are synchronous (no fsync): a line is in the OS's hands once append()
// returns, so a crash of the app loses nothing already logged.
//
// A line cut short (the disk filled up mid-write, the machine lost power) would glue the next
// line to its end, and the JSON of both would be lost to a reader: so a file that does not end
// with a newline gets one before the next line.
//
// Rotation is a chain of renames, oldest first, each atomic. A crash between two renames
// leaves a gap in the numbers (app.log, app.2.log, app.3.log) but every line is still in
// exactly one file, and newer files still have smaller numbers. The next rotation shifts only
// the files below the first gap, which closes it: the files end up exactly as if the
// interrupted rotation had finished. Nothing is ever deleted but the oldest file, which the
// last rename of a full chain overwrites.
//
// One writer per folder is assumed (the app holds a single-instance lock, the headless host
// has its own data folder). A second writer would not lose lines, since every open is in
// append mode, but could rotate the other's file away early.
import {
  chmodSync,
  existsSync,
  closeSync,
  fchmodSync,
  fstatSync,
  mkdirSync,
  openSync,
  readSync,
  renameSync,
  writeSync,
} from 'node:fs';
import { join } from 'node:path';

export interface RotatingFileOptions {
  dir: string;
  /** File name without extension: `app` writes app.log, app.1.log, … */
  base?: string;
  /** app.log rotates before a line would take it past this size (a longer line gets its own file). */
  maxBytes: number;
  /** How many rotated files are kept besides the current one (app.1.log … app.<keep>.log). */
  keep: number;
}

export interface RotatingFile {
  /** The file written now. */
  readonly path: string;
  /** Appends the text (whole lines), rotating first if it would not fit. Throws on I/O errors. */
  append(text: string): void;
  /** Closes the file; a later append opens it again for that one write. */
  close(): void;
}

// Owner-only: the log names phone numbers and customers, even with every credential removed.
const DIR_MODE = 0o700;
const FILE_MODE = 0o600;

export function logFilePath(dir: string, base: string, index: number): string {
  return join(dir, index === 0 ? `${base}.log` : `${base}.${index}.log`);
}

export function openRotatingFile(options: RotatingFileOptions): RotatingFile {
  const base = options.base ?? 'app';
  if (!(options.maxBytes > 0) || !(options.keep >= 1)) {
    throw new Error('A rotating file needs a positive size and at least one rotated file');
  }
  const current = logFilePath(options.dir, base, 0);
  let fd: number | null = null;
  let size = 0;
  let keepOpen = true;
  /** The file ends inside a line (see the top of this file). */
  let endsMidLine = false;

  function lastByte(handle: number, length: number): number | null {
    if (length === 0) return null;
    const byte = Buffer.alloc(1);
    return readSync(handle, byte, 0, 1, length - 1) === 1 ? byte[0]! : null;
  }

  function open(): number {
    mkdirSync(options.dir, { recursive: true, mode: DIR_MODE });
    try {
      // mkdir's mode is filtered by the umask and ignored for a folder that already existed.
      chmodSync(options.dir, DIR_MODE);
    } catch {
      // Not ours to change (a folder someone configured): the files are still owner-only.
    }
    // a+: appends, and reads (the last byte, below).
    const opened = openSync(current, 'a+', FILE_MODE);
    try {
      fchmodSync(opened, FILE_MODE); // a file left by an older version may be wider
    } catch {
      // Windows keeps no Unix modes; its user profile folder is private already.
    }
    size = fstatSync(opened).size;
    try {
      endsMidLine = size > 0 && lastByte(opened, size) !== 0x0a;
    } catch {
      endsMidLine = size > 0; // unreadable: a spare newline costs an empty line, nothing more
    }
    fd = opened;
    return opened;
  }

  function closeFile(): void {
    if (fd === null) return;
    const closing = fd;
    fd = null;
    closeSync(closing);
  }

  function renameIfPresent(from: string, to: string): void {
    try {
      renameSync(from, to);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
  }

  function rotate(): void {
    closeFile();
    try {
      // The first free number; when there is none the oldest file (app.<keep>.log) goes.
      let gap = 1;
      while (gap < options.keep && existsSync(logFilePath(options.dir, base, gap))) gap++;
      for (let index = gap - 1; index >= 1; index--) {
        renameIfPresent(
          logFilePath(options.dir, base, index),
          logFilePath(options.dir, base, index + 1),
        );
      }
      renameIfPresent(current, logFilePath(options.dir, base, 1));
    } finally {
      // Even when a rename failed (a file held open by a viewer on Windows), keep logging:
      // an oversized app.log beats lost lines. open() reads the size of whatever is there.
      open();
    }
  }

  function writeAll(handle: number, bytes: Buffer): void {
    let written = 0;
    while (written < bytes.length) {
      written += writeSync(handle, bytes, written, bytes.length - written);
    }
  }

  return {
    path: current,
    append(text) {
      const length = Buffer.byteLength(text, 'utf8');
      if (fd === null) open();
      if (size > 0 && size + length > options.maxBytes) rotate();
      const bytes = Buffer.from(endsMidLine ? `\n${text}` : text, 'utf8');
      try {
        writeAll(fd!, bytes);
        size += bytes.length;
        endsMidLine = !text.endsWith('\n');
      } catch (error) {
        // Part of it may be in the file: open afresh next time, which looks at how it ends.
        closeFile();
        throw error;
      } finally {
        if (!keepOpen) closeFile();
      }
    },
    close() {
      keepOpen = false;
      closeFile();
    },
  };
}
