// Benchmark: a 24-megapixel JPEG from the dropped file to the processed bytes (checks,
// decode shrunk by the decoder, square crop, re-encode, SHA-256) in headless Chromium,
// against a naive full-size canvas re-encode of the same file in the same run, each in a
// fresh browser so that the peak memory of its renderer process (VmHWM) is its own.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import type { Browser } from 'playwright-core';
import { launchChromium } from '../test/e2e/hosts/browser-host.ts';
import { buildPhotoLib } from '../test/e2e/hosts/photo-lib-build.ts';
import { serveDirectory, type StaticServer } from '../test/e2e/hosts/static-server.ts';

const RUNS = Number(process.env.BENCH_PHOTO_RUNS ?? 5);
const TARGET_MS = 400;
const PHOTO_FILE = 'bench-24mp.jpg';

export interface PhotoFigures {
  photoBytes: number;
  processMedianMs: number;
  naiveMedianMs: number;
  processPeakMb: number;
  naivePeakMb: number;
  /** The same page holding the file but processing nothing: the floor of the two above. */
  idlePeakMb: number;
  outputSide: number;
}

/** Renderer processes alive now (Chromium marks them with --type=renderer). */
function rendererPids(): Set<number> {
  const pids = new Set<number>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const cmdline = readFileSync(`/proc/${entry}/cmdline`, 'utf8');
      if (cmdline.includes('--type=renderer')) pids.add(Number(entry));
    } catch {
      // the process ended meanwhile
    }
  }
  return pids;
}

/** The highest resident memory a process has had, in MB (VmHWM). */
function peakMb(pid: number): number {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = Number(/VmHWM:\s+(\d+) kB/.exec(status)?.[1] ?? 0);
    return kb / 1024;
  } catch {
    return 0;
  }
}

async function makePhoto(server: StaticServer, dir: string): Promise<number> {
  const browser = await launchChromium();
  try {
    const page = await browser.newPage();
    await page.goto(`${server.origin}/index.html`);
    // A photo-like 6000 x 4000 image: gradients and thousands of soft shapes, so the JPEG has
    // the size and entropy of a camera photo rather than of a flat fill.
    const base64 = await page.evaluate(async () => {
      const canvas = new OffscreenCanvas(6000, 4000);
      const context = canvas.getContext('2d')!;
      const gradient = context.createLinearGradient(0, 0, 6000, 4000);
      gradient.addColorStop(0, '#d04020');
      gradient.addColorStop(1, '#2040d0');
      context.fillStyle = gradient;
      context.fillRect(0, 0, 6000, 4000);
      let seed = 7;
      const random = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
      for (let i = 0; i < 20_000; i++) {
        context.fillStyle = `hsla(${random() * 360}, 60%, ${30 + random() * 40}%, 0.35)`;
        context.beginPath();
        context.arc(random() * 6000, random() * 4000, 4 + random() * 60, 0, Math.PI * 2);
        context.fill();
      }
      const blob = await canvas.convertToBlob({ type: 'image/jpeg', quality: 0.92 });
      const url = await new Promise<string>((resolve) => {
        const reader = new FileReader();
        reader.onload = () => resolve(String(reader.result));
        reader.readAsDataURL(blob);
      });
      return url.slice(url.indexOf(',') + 1);
    });
    const bytes = Buffer.from(base64, 'base64');
    writeFileSync(`${dir}/${PHOTO_FILE}`, bytes);
    return bytes.length;
  } finally {
    await browser.close();
  }
}

async function measure(
  server: StaticServer,
  which: 'processPhoto' | 'naiveReencode' | 'idle',
): Promise<{ medianMs: number; peakMb: number; side: number }> {
  const before = rendererPids();
  const browser: Browser = await launchChromium();
  try {
    const page = await browser.newPage();
    await page.goto(`${server.origin}/index.html`);
    const ours = [...rendererPids()].filter((pid) => !before.has(pid));
    const result = await page.evaluate(
      async ({ which, file, runs }) => {
        type Lib = Record<string, (file: Blob, crop?: unknown) => Promise<{ width: number }>>;
        const lib = (window as unknown as { photoLib: Lib }).photoLib;
        // The dropped file: a Blob of the JPEG's bytes, as a DataTransfer would give it.
        const photo = await (await fetch(file)).blob();
        if (which === 'idle') return { medianMs: 0, side: 0 };
        const times: number[] = [];
        let side = 0;
        for (let run = 0; run < runs; run++) {
          const started = performance.now();
          const out = await lib[which]!(photo, { centerX: 0.5, centerY: 0.5, zoom: 1 });
          times.push(performance.now() - started);
          side = out.width;
        }
        times.sort((a, b) => a - b);
        return { medianMs: times[Math.floor(times.length / 2)]!, side };
      },
      { which, file: PHOTO_FILE, runs: RUNS },
    );
    const peak = Math.max(0, ...ours.map(peakMb));
    return { ...result, peakMb: peak };
  } finally {
    await browser.close();
  }
}

export async function benchPhoto(): Promise<PhotoFigures> {
  const dir = await buildPhotoLib();
  // The bench page fetch()es its photo, which the app's own CSP (connect-src 'none') refuses.
  const server = await serveDirectory(dir, { contentSecurityPolicy: null });
  try {
    const photoBytes = await makePhoto(server, dir);
    const processed = await measure(server, 'processPhoto');
    const naive = await measure(server, 'naiveReencode');
    const idle = await measure(server, 'idle');
    return {
      photoBytes,
      processMedianMs: processed.medianMs,
      naiveMedianMs: naive.medianMs,
      processPeakMb: processed.peakMb,
      naivePeakMb: naive.peakMb,
      idlePeakMb: idle.peakMb,
      outputSide: processed.side,
    };
  } finally {
    await server.close();
  }
}

export function reportPhoto(figures: PhotoFigures): boolean {
  const ok = figures.processMedianMs <= TARGET_MS && figures.outputSide <= 1024;
  console.log(
    `Photo processing (headless Chromium, 24-megapixel JPEG of ${(figures.photoBytes / 2 ** 20).toFixed(1)} MB, median of ${RUNS}, a fresh browser each)`,
  );
  console.log(
    `  drop to processed bytes: ${figures.processMedianMs.toFixed(0)} ms (${figures.outputSide} px square; target <= ${TARGET_MS} ms): ${ok ? 'met' : 'MISSED'} | naive full-size re-encode ${figures.naiveMedianMs.toFixed(0)} ms | ratio ${(figures.naiveMedianMs / figures.processMedianMs).toFixed(2)}x`,
  );
  console.log(
    `  peak renderer memory (VmHWM): pipeline ${figures.processPeakMb.toFixed(0)} MB | naive ${figures.naivePeakMb.toFixed(0)} MB | the page with the file, idle ${figures.idlePeakMb.toFixed(0)} MB`,
  );
  return ok;
}
