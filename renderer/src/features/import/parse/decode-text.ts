// Turns a chosen file's bytes into text. Spreadsheet apps write CSV in several encodings:
// "CSV UTF-8" (with a BOM), plain "CSV" in the Windows code page (Windows-1252 for Western
// languages), and "Unicode Text", which is UTF-16 with a BOM and tabs. A workbook chosen by
// mistake gets a message that says what to do instead of a screen of garbage rows.
import { ImportFileError } from './import-error.ts';

function startsWith(bytes: Uint8Array, prefix: readonly number[]): boolean {
  return prefix.every((byte, i) => bytes[i] === byte);
}

const ZIP = [0x50, 0x4b, 0x03, 0x04]; // .xlsx, .ods and .numbers are zip archives
const OLE = [0xd0, 0xcf, 0x11, 0xe0]; // the old .xls format
const UTF8_BOM = [0xef, 0xbb, 0xbf];
const UTF16LE_BOM = [0xff, 0xfe];
const UTF16BE_BOM = [0xfe, 0xff];

export function decodeText(bytes: Uint8Array): string {
  if (startsWith(bytes, ZIP) || startsWith(bytes, OLE)) {
    throw new ImportFileError(
      'WORKBOOK',
      'This is a spreadsheet workbook, not a CSV file. In your spreadsheet app, save or export it as "CSV UTF-8" and choose that file.',
    );
  }
  // TextDecoder drops the BOM it recognises; parseDelimited strips one more in case of text
  // that was pasted with it.
  if (startsWith(bytes, UTF8_BOM)) return decodeWith('utf-8', bytes);
  if (startsWith(bytes, UTF16LE_BOM)) return decodeWith('utf-16le', bytes);
  if (startsWith(bytes, UTF16BE_BOM)) return decodeWith('utf-16be', bytes);
  if (bytes.subarray(0, 4096).includes(0)) {
    throw new ImportFileError(
      'NOT_TEXT',
      'This file is not text. Choose a CSV file, or copy the rows from your spreadsheet and paste them.',
    );
  }
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    // Not valid UTF-8: an Excel "CSV (Comma delimited)" export in the Windows code page.
    return decodeWith('windows-1252', bytes);
  }
}

function decodeWith(encoding: string, bytes: Uint8Array): string {
  return new TextDecoder(encoding).decode(bytes);
}
