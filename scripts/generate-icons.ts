// Renders the app's icon (resources/icon.svg) into every file the installers need: PNGs for
// Linux named NxN.png (electron-builder's icon-set naming), a multi-size .ico for Windows and an
// .icns for macOS. Chromium rasterises the SVG at each size, so small sizes are drawn from the
// vectors rather than shrunk from a big bitmap. The two containers are written here byte by
// byte (both are a directory of PNGs), so no image tool is needed. The output is committed;
// run this only after changing the SVG: node scripts/generate-icons.ts
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright-core';

const RESOURCES = join(import.meta.dirname, '..', 'resources');
const SOURCE = join(RESOURCES, 'icon.svg');

const PNG_SIZES = [16, 24, 32, 48, 64, 128, 256, 512, 1024];
// Windows Vista and later read PNG-compressed ICO entries at every size; 256 is the largest an
// ICO directory can describe (and the smallest electron-builder accepts as the largest entry).
const ICO_SIZES = [16, 24, 32, 48, 64, 128, 256];
// ICNS element types with PNG payloads and the pixel size each holds (ic11..ic14 are the @2x
// variants of 16, 32, 128 and 256 points). ic04/ic05 take PNG from macOS 11 on, below every
// macOS that Electron 45 supports.
const ICNS_ENTRIES: ReadonlyArray<readonly [type: string, pixels: number]> = [
  ['ic04', 16],
  ['ic05', 32],
  ['ic07', 128],
  ['ic08', 256],
  ['ic09', 512],
  ['ic10', 1024],
  ['ic11', 32],
  ['ic12', 64],
  ['ic13', 256],
  ['ic14', 512],
];

async function renderPngs(svg: string, sizes: number[]): Promise<Map<number, Buffer>> {
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu'],
  });
  try {
    const pngs = new Map<number, Buffer>();
    const source = `data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}`;
    for (const size of sizes) {
      const page = await browser.newPage({
        viewport: { width: size, height: size },
        deviceScaleFactor: 1,
      });
      await page.setContent(
        `<html><body style="margin:0;background:transparent">` +
          `<img src="${source}" width="${size}" height="${size}" style="display:block"></body></html>`,
      );
      // A string, not a function: this script is type-checked without the DOM library.
      await page.evaluate('document.images[0].decode()');
      pngs.set(size, await page.screenshot({ omitBackground: true, type: 'png' }));
      await page.close();
    }
    return pngs;
  } finally {
    await browser.close();
  }
}

/** ICO: a 6-byte header, one 16-byte directory entry per image, then the PNGs themselves. */
function writeIco(images: ReadonlyArray<readonly [pixels: number, png: Buffer]>): Buffer {
  const header = Buffer.alloc(6);
  header.writeUInt16LE(0, 0); // reserved
  header.writeUInt16LE(1, 2); // 1 = icon
  header.writeUInt16LE(images.length, 4);
  const directory = Buffer.alloc(16 * images.length);
  let offset = header.length + directory.length;
  images.forEach(([pixels, png], index) => {
    const entry = index * 16;
    directory.writeUInt8(pixels >= 256 ? 0 : pixels, entry); // 0 means 256
    directory.writeUInt8(pixels >= 256 ? 0 : pixels, entry + 1);
    directory.writeUInt8(0, entry + 2); // no palette
    directory.writeUInt8(0, entry + 3); // reserved
    directory.writeUInt16LE(1, entry + 4); // colour planes
    directory.writeUInt16LE(32, entry + 6); // bits per pixel
    directory.writeUInt32LE(png.length, entry + 8);
    directory.writeUInt32LE(offset, entry + 12);
    offset += png.length;
  });
  return Buffer.concat([header, directory, ...images.map(([, png]) => png)]);
}

/** ICNS: 'icns' and the file length, then elements of type, length (with its 8-byte head), data. */
function writeIcns(elements: ReadonlyArray<readonly [type: string, png: Buffer]>): Buffer {
  const parts = elements.map(([type, png]) => {
    const head = Buffer.alloc(8);
    head.write(type, 0, 'latin1');
    head.writeUInt32BE(8 + png.length, 4);
    return Buffer.concat([head, png]);
  });
  const header = Buffer.alloc(8);
  header.write('icns', 0, 'latin1');
  header.writeUInt32BE(8 + parts.reduce((sum, part) => sum + part.length, 0), 4);
  return Buffer.concat([header, ...parts]);
}

async function main(): Promise<void> {
  const pngs = await renderPngs(readFileSync(SOURCE, 'utf8'), PNG_SIZES);
  const png = (size: number): Buffer => {
    const image = pngs.get(size);
    if (!image) throw new Error(`No ${size}px rendering`);
    return image;
  };

  const iconSet = join(RESOURCES, 'icons');
  mkdirSync(iconSet, { recursive: true });
  for (const size of PNG_SIZES) writeFileSync(join(iconSet, `${size}x${size}.png`), png(size));
  writeFileSync(join(RESOURCES, 'icon.png'), png(1024));
  writeFileSync(join(RESOURCES, 'icon.ico'), writeIco(ICO_SIZES.map((size) => [size, png(size)])));
  writeFileSync(
    join(RESOURCES, 'icon.icns'),
    writeIcns(ICNS_ENTRIES.map(([type, size]) => [type, png(size)])),
  );
  console.log(`Wrote ${PNG_SIZES.length} PNGs, icon.png, icon.ico and icon.icns to ${RESOURCES}`);
}

await main();
