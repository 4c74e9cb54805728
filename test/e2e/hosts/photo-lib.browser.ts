// The photo pipeline on its own, for specs and benchmarks that run it in Chromium without
// the app: bundled into one classic script that sets window.photoLib.
import { naiveReencode, processPhoto } from '../../../renderer/src/lib/image/process-photo.ts';

(window as unknown as { photoLib: unknown }).photoLib = { processPhoto, naiveReencode };
