// The photo pipeline on its own, for specs and benchmarks that run it in Chromium without
// the app: bundled into one classic script that sets window.photoLib.
import { processPhoto } from '../../../renderer/src/lib/image/process-photo.ts';
import { naiveReencode } from '../../support/naive-reencode.browser.ts';

(window as unknown as { photoLib: unknown }).photoLib = { processPhoto, naiveReencode };
