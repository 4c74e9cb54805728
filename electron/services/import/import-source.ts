// Where an import's rows and images come from when main's own dialog chose them: the
// spreadsheet the user opened (its bytes go to the window, which parses them in a worker) and
// the folder its images may be read from (image-folders.ts). The dialog is the host's: Electron
// shows a native one; the headless host answers from a file a test writes.
import { constants } from 'node:fs';
import { open } from 'node:fs/promises';
import { basename, dirname } from 'node:path';
import { MAX_IMPORT_FILE_BYTES } from '../../../shared/import.rules.ts';
import type { ImageFolder, ImportFile } from '../../../shared/import.schema.ts';
import { AppFailure } from '../failure.ts';
import type { ImageFolders } from './image-folders.ts';

/** The host's open dialog: a spreadsheet or a folder of images; null when cancelled. */
export type ChooseImportSource = (kind: 'spreadsheet' | 'image-folder') => Promise<string | null>;

const MEGABYTES = MAX_IMPORT_FILE_BYTES / (1024 * 1024);

function cannotRead(): AppFailure {
  return AppFailure.of('INVALID_INPUT', {
    message:
      'This file could not be read. Check that your account can open it, or copy its rows in your spreadsheet app and paste them below.',
  });
}

/** The file's bytes, refused unless it is a regular file of at most MAX_IMPORT_FILE_BYTES. */
async function readSpreadsheet(path: string): Promise<Buffer> {
  // Non-blocking: a pipe chosen in the dialog must not hang main waiting for a writer.
  const handle = await open(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0)).catch(() => {
    throw cannotRead();
  });
  try {
    const info = await handle.stat();
    if (!info.isFile()) throw cannotRead();
    if (info.size > MAX_IMPORT_FILE_BYTES) {
      throw AppFailure.of('INVALID_INPUT', {
        message: `This file is larger than ${MEGABYTES} MB. Split it into smaller files, or copy some of its rows and paste them below.`,
      });
    }
    const bytes = await handle.readFile();
    if (bytes.length > MAX_IMPORT_FILE_BYTES) throw cannotRead(); // it grew while read
    return bytes;
  } catch (error) {
    if (error instanceof AppFailure) throw error;
    throw cannotRead();
  } finally {
    await handle.close();
  }
}

export async function openImportFile(
  choose: ChooseImportSource,
  folders: ImageFolders,
): Promise<ImportFile | null> {
  const path = await choose('spreadsheet');
  if (path === null) return null;
  const bytes = await readSpreadsheet(path);
  const grant = await folders.grant(dirname(path)).catch(() => {
    throw cannotRead();
  });
  return { name: basename(path).slice(0, 255), base64: bytes.toString('base64'), grant };
}

export async function chooseImageFolder(
  choose: ChooseImportSource,
  folders: ImageFolders,
): Promise<ImageFolder | null> {
  const path = await choose('image-folder');
  if (path === null) return null;
  const grant = await folders.grant(path).catch(() => {
    throw AppFailure.of('INVALID_INPUT', {
      message: 'This folder could not be opened. Choose another one.',
    });
  });
  return { name: basename(path).slice(0, 255) || path.slice(0, 255), grant };
}
