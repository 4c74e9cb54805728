// Writes the small sample images the photo tests read (test/fixtures/images/). Real encoders
// make the real formats, so the sniffing and header parsing are tested on what cameras and
// tools actually write; the few kinds no Debian encoder makes (a HEIF whose brand is mif1,
// a video's ftyp) are built byte by byte. The output is committed: tests never run this.
//
// Needs Debian's imagemagick, libheif-examples (heif-enc: x265 for HEIC, aom for AVIF), webp
// (cwebp) and libimage-exiftool-perl (exiftool). Run: node scripts/generate-image-fixtures.ts
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ftyp, headerOnlyHeif } from '../test/support/image-bytes.ts';

const OUT = join(import.meta.dirname, '..', 'test', 'fixtures', 'images');
const WORK = mkdtempSync(join(tmpdir(), 'image-fixtures-'));

// On some machines /usr/local/bin/convert is a stand-in that only prints PNGs: use Debian's.
const CONVERT = existsSync('/usr/bin/convert') ? '/usr/bin/convert' : 'convert';

function run(tool: string, args: string[]): void {
  execFileSync(tool, args, { stdio: ['ignore', 'ignore', 'inherit'] });
}

function out(name: string): string {
  return join(OUT, name);
}

// 64x48: small, not square (so a swapped width/height shows), even (HEVC wants even sizes).
const BASE = join(WORK, 'base.png');
const ALPHA = join(WORK, 'alpha.png');

function makeSources(): void {
  run(CONVERT, [
    '-size',
    '64x48',
    'gradient:#d04020-#2040d0',
    '-fill',
    '#ffffff',
    '-draw',
    'rectangle 0,0 15,47',
    '-strip',
    BASE,
  ]);
  run(CONVERT, [
    '-size',
    '64x48',
    'xc:none',
    '-fill',
    'rgba(208,64,32,0.6)',
    '-draw',
    'circle 32,24 32,4',
    '-strip',
    ALPHA,
  ]);
}

function makeRealFormats(): void {
  const strip = ['-strip', '-define', 'png:exclude-chunks=date,time'];
  run(CONVERT, [BASE, ...strip, '-quality', '85', out('photo.jpg')]);
  run(CONVERT, [BASE, ...strip, '-interlace', 'JPEG', '-quality', '85', out('progressive.jpg')]);
  run(CONVERT, [ALPHA, ...strip, out('transparent.png')]);
  run(CONVERT, [BASE, ...strip, '-colors', '32', out('photo.gif')]);
  run(CONVERT, [BASE, ...strip, '-type', 'TrueColor', 'BMP3:' + out('photo.bmp')]);
  run(CONVERT, [
    BASE,
    ...strip,
    '-compress',
    'none',
    '-define',
    'tiff:endian=lsb',
    out('photo-le.tiff'),
  ]);
  run(CONVERT, [
    BASE,
    ...strip,
    '-compress',
    'lzw',
    '-define',
    'tiff:endian=msb',
    out('photo-be.tiff'),
  ]);
  run('cwebp', ['-quiet', '-q', '80', BASE, '-o', out('lossy.webp')]);
  run('cwebp', ['-quiet', '-lossless', BASE, '-o', out('lossless.webp')]);
  // Alpha plus metadata makes cwebp write the extended (VP8X) layout.
  run('cwebp', ['-quiet', '-q', '80', '-metadata', 'all', ALPHA, '-o', out('extended.webp')]);
  run('heif-enc', ['-q', '50', '-o', out('photo.heic'), BASE]);
  // Debian's aom build asserts on 4:2:0 and 4:4:4 input here; 4:2:2 encodes.
  run('heif-enc', ['-q', '50', '-A', '-p', 'chroma=422', '-o', out('photo.avif'), BASE]);
}

function makeExifPhotos(): void {
  // A phone-like JPEG: rotated 90° clockwise by its EXIF, with a GPS position, big-endian.
  const gps = [
    '-GPSLatitude=48.8584',
    '-GPSLatitudeRef=N',
    '-GPSLongitude=2.2945',
    '-GPSLongitudeRef=E',
    '-SerialNumber=CAM-123456',
  ];
  const tagged = (name: string, orientation: number, order: 'MM' | 'II', extra: string[]) => {
    const target = out(name);
    run(CONVERT, [BASE, '-strip', '-quality', '85', target]);
    const args = ['-q', '-overwrite_original', '-n', `-ExifByteOrder=${order}`];
    run('exiftool', [...args, `-Orientation=${orientation}`, ...extra, target]);
  };
  tagged('exif-gps-orientation-6-be.jpg', 6, 'MM', gps);
  tagged('exif-orientation-8-le.jpg', 8, 'II', []);
}

/**
 * One photo per format Linq takes as it is, each carrying a GPS position the way its format
 * does (EXIF GPS directory, XMP packet, IPTC, comments), for the metadata strippers.
 */
function makeGpsPhotos(): void {
  const exifGps = [
    '-GPSLatitude=48.8584',
    '-GPSLatitudeRef=N',
    '-GPSLongitude=2.2945',
    '-GPSLongitudeRef=E',
  ];
  const xmpGps = [
    '-XMP-exif:GPSLatitude=48.8584',
    '-XMP-exif:GPSLongitude=2.2945',
    '-XMP-photoshop:City=Paris',
  ];
  const exiftool = (target: string, tags: string[]) =>
    run('exiftool', ['-q', '-overwrite_original', '-n', ...tags, target]);
  // HEIC: heif-enc copies the EXIF and XMP of a JPEG it encodes into items of their own.
  const jpeg = join(WORK, 'gps.jpg');
  run(CONVERT, [BASE, '-strip', '-quality', '85', jpeg]);
  exiftool(jpeg, [...exifGps, ...xmpGps]);
  run('heif-enc', ['-q', '50', '-o', out('gps.heic'), jpeg]);
  // No Debian encoder writes mif1 as the major brand: the same file with its brands renamed.
  const heif = readFileSync(out('gps.heic'));
  const brands = heif.subarray(8, heif.readUInt32BE(0));
  brands.set(Buffer.from('mif1'), 0);
  for (let at = 8; at + 4 <= brands.length; at += 4) {
    if (brands.subarray(at, at + 4).toString('latin1') === 'heic')
      brands.set(Buffer.from('miaf'), at);
  }
  writeFileSync(out('gps-mif1.heif'), heif);
  // TIFF keeps its tags beside the pixels: GPS directory, XMP (700), IPTC (33723), artist.
  const tiffTags = [
    ...exifGps,
    ...xmpGps,
    '-IPTC:City=Paris',
    '-Artist=Jane, 12 Elm Street',
    '-DateTimeOriginal=2026:12:01 10:00:00', // makes an EXIF directory
  ];
  for (const [name, endian] of [
    ['gps-le.tiff', 'lsb'],
    ['gps-be.tiff', 'msb'],
  ] as const) {
    const args = ['-compress', 'lzw', '-define', `tiff:endian=${endian}`];
    run(CONVERT, [BASE, '-strip', ...args, out(name)]);
    exiftool(out(name), tiffTags);
  }
  // GIF: the position in an XMP application extension, an address in a comment extension.
  const gifTags = [...xmpGps, '-Comment=taken at 12 Elm Street'];
  run(CONVERT, [BASE, '-strip', '-colors', '32', out('gps.gif')]);
  exiftool(out('gps.gif'), gifTags);
  const negated = join(WORK, 'negated.png');
  run(CONVERT, [BASE, '-negate', negated]);
  run(CONVERT, [
    '-delay',
    '20',
    '-loop',
    '0',
    BASE,
    negated,
    '-colors',
    '16',
    out('gps-animated.gif'),
  ]);
  exiftool(out('gps-animated.gif'), gifTags);
  // BMP has no metadata block; an XMP packet appended after the pixels is how one travels.
  const bmp = join(WORK, 'small.bmp');
  run(CONVERT, [BASE, '-strip', '-resize', '32x24', '-type', 'TrueColor', 'BMP3:' + bmp]);
  const xmp = join(WORK, 'gps.xmp');
  run('exiftool', ['-q', '-o', xmp, ...xmpGps]);
  writeFileSync(out('gps-trailer.bmp'), Buffer.concat([readFileSync(bmp), readFileSync(xmp)]));
}

function makeHandBuilt(): void {
  writeFileSync(out('header-only-mif1.heif'), headerOnlyHeif('mif1', ['mif1', 'miaf']));
  writeFileSync(out('video.mp4'), ftyp('isom', ['isom', 'iso2', 'mp41']));
  writeFileSync(
    out('logo.svg'),
    '<svg xmlns="http://www.w3.org/2000/svg" width="64" height="64"><circle cx="32" cy="32" r="30" fill="#2040d0"/></svg>\n',
  );
  writeFileSync(
    out('logo-with-prolog.svg'),
    '\ufeff  <?xml version="1.0" encoding="UTF-8"?>\n<!-- made by a drawing tool -->\n' +
      '<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" "http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd">\n' +
      '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><rect width="10" height="10"/></svg>\n',
  );
  writeFileSync(out('notes.txt'), 'Meeting notes: order new business cards.\n');
  writeFileSync(out('document.pdf'), '%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj <<>> endobj\n%%EOF\n');
}

mkdirSync(OUT, { recursive: true });
try {
  makeSources();
  // `node scripts/generate-image-fixtures.ts gps` writes only the GPS photos (the others stay).
  if (process.argv.includes('gps')) {
    makeGpsPhotos();
  } else {
    makeRealFormats();
    makeExifPhotos();
    makeGpsPhotos();
    makeHandBuilt();
  }
  // A sanity line per file, so a broken tool shows here rather than in a confusing test.
  for (const name of [
    'photo.jpg',
    'photo.heic',
    'photo.avif',
    'lossy.webp',
    'exif-gps-orientation-6-be.jpg',
    'gps.heic',
    'gps-le.tiff',
  ]) {
    console.log(name.padEnd(32), readFileSync(out(name)).length, 'bytes');
  }
} finally {
  rmSync(WORK, { recursive: true, force: true });
}
