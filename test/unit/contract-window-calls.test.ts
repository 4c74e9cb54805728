// The contract is the window's whole reach into main, so it lists only requests the window
// makes: a request no screen calls is surface with no user. This reads the renderer's source
// for a call of each request through the bridge (`api.<name>(`, as api.ts hands it out).
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';
import { REQUEST_NAMES } from '../../shared/channels.ts';

const RENDERER = fileURLToPath(new URL('../../renderer/src/', import.meta.url));

/**
 * Known to be called only by tests and scripts, not the window: to be retired like getOutbox
 * (the key screen saves with saveKey, which checks the key with Linq first). Nothing may join.
 */
const NOT_YET_RETIRED = new Set<string>(['setKey']);

function rendererSource(): string {
  return readdirSync(RENDERER, { recursive: true, encoding: 'utf8' })
    .filter((path) => /\.tsx?$/.test(path))
    .map((path) => readFileSync(join(RENDERER, path), 'utf8'))
    .join('\n');
}

it('lists only requests the window calls', () => {
  const source = rendererSource();
  const uncalled = REQUEST_NAMES.filter(
    (name) => !new RegExp(`\\bapi\\.${name}\\(`).test(source) && !NOT_YET_RETIRED.has(name),
  );
  expect(uncalled).toEqual([]);
});

it('keeps its list of requests not yet retired honest', () => {
  const source = rendererSource();
  for (const name of NOT_YET_RETIRED) {
    expect(REQUEST_NAMES, name).toContain(name);
    expect(source, name).not.toMatch(new RegExp(`\\bapi\\.${name}\\(`));
  }
});
