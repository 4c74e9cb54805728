// After renaming a file into place, the directory entry must reach the disk too, or a power
// cut can bring back the old name. Shared by everything that writes files atomically.
import { open } from 'node:fs/promises';

export async function fsyncDirectory(dir: string): Promise<void> {
  // Makes the rename itself durable on Linux and macOS. Windows cannot open a directory;
  // there, NTFS journals the rename.
  let handle;
  try {
    handle = await open(dir, 'r');
    await handle.sync();
  } catch {
    // best effort, see above
  } finally {
    await handle?.close();
  }
}
