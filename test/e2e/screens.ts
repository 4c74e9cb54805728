// Screenshots of one state at the two window sizes staff use (a laptop's 1280×800 and the
// app's near-minimum 900×700), in light and dark mode, so a change is looked at in all four.
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { AppUnderTest } from './fixtures.ts';
import { SCREENSHOT_DIR } from './hosts/paths.ts';

const SIZES = [
  { width: 1280, height: 800 },
  { width: 900, height: 700 },
] as const;

export async function screenshotEveryWay(app: AppUnderTest, name: string): Promise<void> {
  const { page } = app;
  const viewport = page.viewportSize();
  const dir = join(SCREENSHOT_DIR, app.kind);
  await mkdir(dir, { recursive: true });
  const dark = await page.evaluate(() => matchMedia('(prefers-color-scheme: dark)').matches);
  for (const size of SIZES) {
    await page.setViewportSize(size);
    for (const scheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme: scheme });
      // Transitions finished: a colour scheme switched a moment ago is not caught half-way.
      await page.screenshot({
        path: join(dir, `${name}-${size.width}x${size.height}-${scheme}.png`),
        fullPage: true,
        animations: 'disabled',
      });
    }
  }
  if (viewport) await page.setViewportSize(viewport);
  await page.emulateMedia({ colorScheme: dark ? 'dark' : 'light' });
}
