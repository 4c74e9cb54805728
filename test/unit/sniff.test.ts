// Format sniffing on real sample files of every kind the app accepts, converts or refuses:
// the bytes decide, never the name.
import { describe, expect, it } from 'vitest';
import {
  handlingOf,
  sniffFormat,
  type FormatHandling,
  type ImageFormat,
} from '../../shared/image/sniff.ts';
import { concat, ftyp, latin1, readFixture } from '../support/image-bytes.ts';

const SAMPLES: [file: string, format: ImageFormat, handling: FormatHandling][] = [
  ['photo.jpg', 'jpeg', { kind: 'accepted', contentType: 'image/jpeg' }],
  ['progressive.jpg', 'jpeg', { kind: 'accepted', contentType: 'image/jpeg' }],
  ['exif-gps-orientation-6-be.jpg', 'jpeg', { kind: 'accepted', contentType: 'image/jpeg' }],
  ['transparent.png', 'png', { kind: 'accepted', contentType: 'image/png' }],
  ['photo.gif', 'gif', { kind: 'accepted', contentType: 'image/gif' }],
  ['photo.heic', 'heic', { kind: 'accepted', contentType: 'image/heic' }],
  ['header-only-mif1.heif', 'heif', { kind: 'accepted', contentType: 'image/heif' }],
  ['photo-le.tiff', 'tiff', { kind: 'accepted', contentType: 'image/tiff' }],
  ['photo-be.tiff', 'tiff', { kind: 'accepted', contentType: 'image/tiff' }],
  ['photo.bmp', 'bmp', { kind: 'accepted', contentType: 'image/bmp' }],
  ['lossy.webp', 'webp', { kind: 'convert-to-jpeg' }],
  ['lossless.webp', 'webp', { kind: 'convert-to-jpeg' }],
  ['extended.webp', 'webp', { kind: 'convert-to-jpeg' }],
  ['photo.avif', 'avif', { kind: 'convert-to-jpeg' }],
  ['logo.svg', 'svg', { kind: 'rejected', reason: 'svg' }],
  ['logo-with-prolog.svg', 'svg', { kind: 'rejected', reason: 'svg' }],
  ['notes.txt', 'unknown', { kind: 'rejected', reason: 'not-an-image' }],
  ['document.pdf', 'unknown', { kind: 'rejected', reason: 'not-an-image' }],
  ['video.mp4', 'unknown', { kind: 'rejected', reason: 'not-an-image' }],
];

describe('sniffFormat on sample files', () => {
  it.each(SAMPLES)('%s is %s', (file, format, handling) => {
    const bytes = readFixture(file);
    expect(sniffFormat(bytes)).toBe(format);
    expect(handlingOf(format)).toEqual(handling);
  });
});

describe('sniffFormat on edge cases', () => {
  it('reads HEIF-family brands from the major brand, then the compatible ones', () => {
    const brands: [string, string[], ImageFormat][] = [
      ['heix', ['mif1'], 'heic'],
      ['hevc', [], 'heic'],
      ['heim', [], 'heic'],
      ['heis', [], 'heic'],
      ['hevm', [], 'heic'],
      ['hevs', [], 'heic'],
      ['msf1', [], 'heif'],
      ['heif', [], 'heif'],
      ['avis', ['msf1'], 'avif'],
      ['mif1', ['mif1', 'avif'], 'avif'],
      ['mif1', ['mif1', 'heic'], 'heic'],
      ['mif1', ['miaf'], 'heif'],
      ['isom', ['isom', 'avc1'], 'unknown'],
      ['qt  ', [], 'unknown'],
    ];
    for (const [major, compatible, format] of brands) {
      expect(sniffFormat(ftyp(major, compatible)), `${major} + ${compatible}`).toBe(format);
    }
  });

  it('finds SVG after a BOM, an XML declaration, comments and a doctype, in any case', () => {
    expect(sniffFormat(latin1('\n\n  <SVG viewBox="0 0 1 1"></SVG>'))).toBe('svg');
    const utf8 = new TextEncoder().encode('<?xml version="1.0"?><!-- é --><svg/>');
    expect(sniffFormat(utf8)).toBe('svg');
    expect(sniffFormat(latin1('<svgfoo>'))).toBe('unknown');
    // Other markup first: still an SVG when an <svg element follows.
    expect(sniffFormat(latin1('<metadata></metadata>\n<svg width="1">'))).toBe('svg');
  });

  it('does not call text with "svg" in it an SVG, nor binary files with the letters', () => {
    expect(sniffFormat(latin1('my logo.svg is attached'))).toBe('unknown');
    expect(sniffFormat(concat(new Uint8Array([0, 1, 2]), latin1('<svg>')))).toBe('unknown');
  });

  it('needs more than "BM" to call a file a bitmap', () => {
    expect(sniffFormat(latin1('BMW owners club newsletter'))).toBe('unknown');
  });

  it('answers unknown for empty and tiny inputs instead of throwing', () => {
    expect(sniffFormat(new Uint8Array())).toBe('unknown');
    expect(sniffFormat(new Uint8Array([0xff, 0xd8]))).toBe('unknown');
    expect(sniffFormat(latin1('RIFF'))).toBe('unknown');
    expect(sniffFormat(latin1('RIFF\0\0\0\0WAVEfmt '))).toBe('unknown');
    expect(sniffFormat(latin1('\0\0\0\x18ftyp'))).toBe('unknown');
  });
});
