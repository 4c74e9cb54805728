// Which image format a file is, from its first bytes (never its name or its declared MIME
// type, both of which are whatever the sender's computer guessed), and what the app does
// with each: send it as Linq accepts it, convert it to JPEG first, or refuse it.
import type { PhotoContentType } from '../photo.ts';
import { ascii, startsWith, u32 } from './byte-reader.ts';

export type ImageFormat =
  'jpeg' | 'png' | 'gif' | 'heic' | 'heif' | 'avif' | 'tiff' | 'bmp' | 'webp' | 'svg' | 'unknown';

/** The formats that are raster images the app can take (some after conversion). */
export type RasterFormat = Exclude<ImageFormat, 'svg' | 'unknown'>;

export type FormatHandling =
  | { kind: 'accepted'; contentType: PhotoContentType }
  | { kind: 'convert-to-jpeg' }
  | { kind: 'rejected'; reason: 'svg' | 'not-an-image' };

/** How many leading bytes sniffing looks at (SVG text may start after a long prolog). */
export const SNIFF_BYTES = 4096;

/** Names for messages, as people know the formats. */
export const FORMAT_NAMES: Record<ImageFormat, string> = {
  jpeg: 'JPEG',
  png: 'PNG',
  gif: 'GIF',
  heic: 'HEIC',
  heif: 'HEIF',
  avif: 'AVIF',
  tiff: 'TIFF',
  bmp: 'BMP',
  webp: 'WebP',
  svg: 'SVG',
  unknown: 'unknown',
};

const LINQ_CONTENT_TYPES: Partial<Record<ImageFormat, PhotoContentType>> = {
  jpeg: 'image/jpeg',
  png: 'image/png',
  gif: 'image/gif',
  heic: 'image/heic',
  heif: 'image/heif',
  tiff: 'image/tiff',
  bmp: 'image/bmp',
};

export function handlingOf(format: ImageFormat): FormatHandling {
  const contentType = LINQ_CONTENT_TYPES[format];
  if (contentType) return { kind: 'accepted', contentType };
  // Chromium decodes these but Linq's docs reject them.
  if (format === 'webp' || format === 'avif') return { kind: 'convert-to-jpeg' };
  return { kind: 'rejected', reason: format === 'svg' ? 'svg' : 'not-an-image' };
}

const HEIC_BRANDS = new Set(['heic', 'heix', 'hevc', 'hevx', 'heim', 'heis', 'hevm', 'hevs']);
const HEIF_BRANDS = new Set(['mif1', 'msf1', 'heif']);
const AVIF_BRANDS = new Set(['avif', 'avis']);

function brandFormat(brand: string): 'heic' | 'heif' | 'avif' | undefined {
  if (HEIC_BRANDS.has(brand)) return 'heic';
  if (AVIF_BRANDS.has(brand)) return 'avif';
  if (HEIF_BRANDS.has(brand)) return 'heif';
  return undefined;
}

/** ISO-BMFF files (HEIC, AVIF, but also MP4 and MOV) open with an ftyp box listing brands. */
function sniffFtyp(head: Uint8Array): ImageFormat {
  if (head.length < 16 || ascii(head, 4, 4) !== 'ftyp') return 'unknown';
  const boxSize = Math.min(u32(head, 0), head.length);
  const brands = [ascii(head, 8, 4)];
  for (let offset = 16; offset + 4 <= boxSize; offset += 4) brands.push(ascii(head, offset, 4));
  // The major brand decides when it is an image brand; otherwise the most specific
  // compatible one does (a generic mif1 file that also lists avif is an AVIF).
  const major = brandFormat(brands[0] as string);
  if (major && major !== 'heif') return major;
  const compatible = new Set(brands.slice(1).map(brandFormat));
  if (compatible.has('avif')) return 'avif';
  if (compatible.has('heic')) return 'heic';
  return major ?? (compatible.has('heif') ? 'heif' : 'unknown');
}

function sniffBmp(head: Uint8Array): boolean {
  // "BM" alone is too common a start for text; the DIB header size must be a known one.
  if (!startsWith(head, [0x42, 0x4d]) || head.length < 18) return false;
  return [12, 40, 52, 56, 64, 108, 124].includes(u32(head, 14, true));
}

function decodeText(head: Uint8Array): string | undefined {
  // Binary files have NUL bytes early; SVG (UTF-8 or ASCII) does not.
  if (head.subarray(0, 512).includes(0)) return undefined;
  return new TextDecoder('utf-8', { fatal: false }).decode(head);
}

/** Prolog an SVG file may open with: BOM, whitespace, XML declaration, comments, doctype. */
const SVG_PROLOG =
  /^(?:\uFEFF|\s|<\?xml[^>]*\?>|<!--[\s\S]*?-->|<!DOCTYPE[^>[]*(?:\[[\s\S]*?\])?\s*>)*/i;

function sniffSvg(head: Uint8Array): boolean {
  const text = decodeText(head);
  if (text === undefined) return false;
  const afterProlog = text.replace(SVG_PROLOG, '');
  if (/^<svg[\s/>]/i.test(afterProlog)) return true;
  // Some tools put other markup first; an <svg element in an XML-looking text still counts.
  return afterProlog.startsWith('<') && /<svg[\s/>]/i.test(text);
}

/** The format of a file from its leading bytes (at least SNIFF_BYTES of them when it has). */
export function sniffFormat(head: Uint8Array): ImageFormat {
  if (startsWith(head, [0xff, 0xd8, 0xff])) return 'jpeg';
  if (startsWith(head, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'png';
  if (head.length >= 6 && /^GIF8[79]a$/.test(ascii(head, 0, 6))) return 'gif';
  if (startsWith(head, [0x49, 0x49, 0x2a, 0x00]) || startsWith(head, [0x4d, 0x4d, 0x00, 0x2a])) {
    return 'tiff';
  }
  if (head.length >= 12 && ascii(head, 0, 4) === 'RIFF' && ascii(head, 8, 4) === 'WEBP') {
    return 'webp';
  }
  if (sniffBmp(head)) return 'bmp';
  const boxed = sniffFtyp(head);
  if (boxed !== 'unknown') return boxed;
  return sniffSvg(head) ? 'svg' : 'unknown';
}
