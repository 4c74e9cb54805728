// The contract is the window's whole reach into main, so it lists only requests the window
// makes: a request no screen calls is surface with no user. This reads the renderer's source
// for a call of each request through the bridge (`api.<name>(`, as api.ts hands it out).
// There are no exceptions: what only tests and benchmarks need (the outbox as it stands, a key
// stored without a check) is a Services method and a headless host message, never a request.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';
import { REQUEST_NAMES } from '../../shared/channels.ts';

const RENDERER = fileURLToPath(new URL('../../renderer/src/', import.meta.url));

function rendererSource(): string {
  return readdirSync(RENDERER, { recursive: true, encoding: 'utf8' })
    .filter((path) => /\.tsx?$/.test(path))
    .map((path) => readFileSync(join(RENDERER, path), 'utf8'))
    .join('\n');
}

it('lists only requests the window calls', () => {
  const source = rendererSource();
  const uncalled = REQUEST_NAMES.filter((name) => !new RegExp(`\\bapi\\.${name}\\(`).test(source));
  expect(uncalled).toEqual([]);
});
