// HEIC and HEIF keep EXIF and XMP as items of their own, beside the image items: `iinf`
// names each item's type (`Exif`, or `mime` with a content type such as XMP's
// application/rdf+xml) and `iloc` says where its bytes are. Rewriting `iloc` would move
// every other item too, so the file keeps its layout and only those items' bytes are
// overwritten in place: an EXIF item becomes an empty TIFF directory, an XMP item an empty
// RDF packet padded with spaces (readers then see valid, empty XMP), any other MIME item
// (content credentials, anything) spaces. Every offset in the file stays valid.
// Only the layouts a still photo has are taken (ftyp, meta, mdat, free/skip at the top);
// anything else, such as a `moov` of an image sequence with its own location box, is refused.
import { TruncatedError, UnreadableError, ascii, u16, u32, u8 } from './byte-reader.ts';
import { boxes, type Box } from './heif-boxes.ts';
import { UnstrippableError } from './unstrippable.ts';

const TOP_LEVEL = new Set(['ftyp', 'meta', 'mdat', 'free', 'skip']);
/** Item types that are metadata, not pictures: blanked wherever they are. */
const METADATA_ITEMS = new Set(['Exif', 'mime', 'uri ']);
/** An EXIF item after stripping: offset 0 to a big-endian TIFF header, an empty IFD0. */
const EMPTY_EXIF = [0, 0, 0, 0, 0x4d, 0x4d, 0, 42, 0, 0, 0, 8, 0, 0, 0, 0, 0, 0];
const SPACE = 0x20;
const XMP_CONTENT_TYPE = 'application/rdf+xml';
/** Valid XMP with nothing in it (x:xmpmeta is optional around rdf:RDF). */
const EMPTY_XMP = Array.from(
  '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"/>',
  (char) => char.charCodeAt(0),
);

interface Extent {
  start: number;
  end: number;
}

function childBoxes(bytes: Uint8Array, parent: Box, fullBox: boolean): Box[] {
  const list = [...boxes(bytes, parent.start + (fullBox ? 4 : 0), parent.end)];
  for (const box of list) if (box.end > parent.end) throw new TruncatedError(`${box.type} cut off`);
  return list;
}

/** A null-terminated string starting at `offset`, and where it ends (past the NUL). */
function cString(bytes: Uint8Array, offset: number, end: number): [string, number] {
  let at = offset;
  while (at < end && bytes[at] !== 0) at += 1;
  if (at >= end) return [ascii(bytes, offset, at - offset), end];
  return [ascii(bytes, offset, at - offset), at + 1];
}

/** The ids of the metadata items, with what each is (`Exif`, or the MIME type). */
function metadataItems(bytes: Uint8Array, iinf: Box): Map<number, string> {
  const found = new Map<number, string>();
  const version = u8(bytes, iinf.start);
  const from = iinf.start + 4 + (version === 0 ? 2 : 4); // entry count: not needed
  for (const infe of boxes(bytes, from, iinf.end)) {
    if (infe.type !== 'infe') continue;
    if (infe.end > iinf.end) throw new TruncatedError('infe cut off');
    const infeVersion = u8(bytes, infe.start);
    const body = infe.start + 4;
    if (infeVersion < 2) {
      // Versions 0 and 1 have no item type: every such item is described by a MIME type.
      found.set(u16(bytes, body), 'mime');
      continue;
    }
    const wide = infeVersion >= 3;
    const id = wide ? u32(bytes, body) : u16(bytes, body);
    const typeAt = body + (wide ? 4 : 2) + 2; // past item_ID and protection index
    const type = ascii(bytes, typeAt, 4);
    if (!METADATA_ITEMS.has(type)) continue;
    if (type !== 'mime') {
      found.set(id, type);
      continue;
    }
    const [, afterName] = cString(bytes, typeAt + 4, infe.end);
    const [contentType] = cString(bytes, afterName, infe.end);
    found.set(id, contentType);
  }
  return found;
}

/** A big-endian unsigned number of 0, 4 or 8 bytes (iloc's variable-size fields). */
function sized(bytes: Uint8Array, offset: number, size: number): number {
  if (size === 0) return 0;
  if (size === 4) return u32(bytes, offset);
  if (size === 8) return u32(bytes, offset) * 0x1_0000_0000 + u32(bytes, offset + 4);
  throw new UnreadableError(`iloc field of ${size} bytes`);
}

/** Where the bytes of each item in `wanted` are, as absolute ranges of the file. */
function itemExtents(
  bytes: Uint8Array,
  iloc: Box,
  idat: Box | undefined,
  wanted: ReadonlySet<number>,
): Map<number, Extent[]> {
  const version = u8(bytes, iloc.start);
  if (version > 2) throw new UnreadableError(`iloc version ${version}`);
  let at = iloc.start + 4;
  const sizes = u16(bytes, at);
  const offsetSize = sizes >> 12;
  const lengthSize = (sizes >> 8) & 0xf;
  const baseOffsetSize = (sizes >> 4) & 0xf;
  const indexSize = version >= 1 ? sizes & 0xf : 0;
  at += 2;
  const itemCount = version < 2 ? u16(bytes, at) : u32(bytes, at);
  at += version < 2 ? 2 : 4;
  const found = new Map<number, Extent[]>();
  for (let item = 0; item < itemCount; item += 1) {
    if (at >= iloc.end) throw new TruncatedError('iloc cut off');
    const id = version < 2 ? u16(bytes, at) : u32(bytes, at);
    at += version < 2 ? 2 : 4;
    const method = version >= 1 ? u16(bytes, at) & 0xf : 0;
    if (version >= 1) at += 2;
    const dataReference = u16(bytes, at);
    at += 2;
    const base = sized(bytes, at, baseOffsetSize);
    at += baseOffsetSize;
    const extentCount = u16(bytes, at);
    at += 2;
    const extents: Extent[] = [];
    for (let index = 0; index < extentCount; index += 1) {
      at += indexSize;
      const offset = sized(bytes, at, offsetSize);
      at += offsetSize;
      const length = sized(bytes, at, lengthSize);
      at += lengthSize;
      extents.push({ start: base + offset, end: base + offset + length });
    }
    if (at > iloc.end) throw new TruncatedError('iloc cut off');
    if (!wanted.has(id)) continue;
    // A metadata item must be bytes in this file that the app can overwrite.
    if (
      dataReference !== 0 ||
      method > 1 ||
      extents.some((extent) => extent.end === extent.start)
    ) {
      throw new UnstrippableError(
        'This photo keeps its camera data in a way the app cannot clean (stored outside the image data). Save it as a JPEG or PNG, then use that file.',
      );
    }
    const origin = method === 1 ? (idat ? idat.start : NaN) : 0;
    if (Number.isNaN(origin)) throw new UnreadableError('item in idat without an idat');
    const limit = method === 1 ? idat!.end : bytes.length;
    found.set(
      id,
      extents.map((extent) => {
        const range = { start: origin + extent.start, end: origin + extent.end };
        if (range.end > limit) throw new TruncatedError(`item ${id} runs past the end`);
        return range;
      }),
    );
  }
  return found;
}

function blank(out: Uint8Array, extents: readonly Extent[], kind: string): void {
  const fill = kind === 'Exif' ? 0 : SPACE;
  for (const extent of extents) out.fill(fill, extent.start, extent.end);
  const start = kind === 'Exif' ? EMPTY_EXIF : kind === XMP_CONTENT_TYPE ? EMPTY_XMP : [];
  const size = extents.reduce((sum, extent) => sum + extent.end - extent.start, 0);
  if (size < start.length) return; // too small to hold it whole: left as filler only
  // The empty block goes at the start of the item (across extents if they are tiny).
  let index = 0;
  for (const extent of extents) {
    for (let at = extent.start; at < extent.end && index < start.length; at += 1) {
      out[at] = start[index++]!;
    }
  }
}

/** The top-level meta box of the file, after checking the file's layout. */
function topLevelMeta(bytes: Uint8Array): Box {
  let meta: Box | undefined;
  for (const box of boxes(bytes, 0, bytes.length)) {
    if (box.end > bytes.length) throw new TruncatedError(`${box.type} cut off`);
    if (!TOP_LEVEL.has(box.type)) {
      throw new UnstrippableError(
        `This photo holds more than a still image (a "${box.type.trim()}" part, as image sequences and live photos have), which the app cannot clean of camera data. Save it as a JPEG or PNG, then use that file.`,
      );
    }
    if (box.type === 'meta') {
      if (meta) throw new UnreadableError('two meta boxes');
      meta = box;
    }
  }
  if (!meta) throw new UnreadableError('no meta box');
  return meta;
}

export function stripHeif(bytes: Uint8Array): Uint8Array {
  const meta = topLevelMeta(bytes);
  const children = childBoxes(bytes, meta, true);
  const one = (type: string) => children.find((box) => box.type === type);
  const iinf = one('iinf');
  // A copy, never a view: a Node Buffer's slice() shares memory with the caller's bytes.
  const out = new Uint8Array(bytes);
  if (!iinf) return out; // no items described: nothing to blank (the residue check still looks)
  const items = metadataItems(bytes, iinf);
  if (items.size === 0) return out;
  const iloc = one('iloc');
  if (!iloc) throw new UnreadableError('items without iloc');
  const extents = itemExtents(bytes, iloc, one('idat'), new Set(items.keys()));
  for (const [id, kind] of items) blank(out, extents.get(id) ?? [], kind);
  return out;
}
