// Where a linted file sits in the project, as a path like 'electron/services/outbox/outbox.ts'.
// The project root is the nearest folder holding an ESLint config file, the folder ESLint itself
// takes the config's `files` patterns from, so the rules see the layout the config describes
// whatever folder ESLint was started in (a terminal, an editor, a test's temporary copy).
import { existsSync } from 'node:fs';
import path from 'node:path';

const CONFIG_NAMES = [
  'eslint.config.js',
  'eslint.config.mjs',
  'eslint.config.cjs',
  'eslint.config.ts',
  'eslint.config.mts',
  'eslint.config.cts',
];

/** @type {Map<string, string | null>} folder -> project root above it (null: none) */
const rootOf = new Map();

/** @param {string} folder @returns {string | null} */
function findRoot(folder) {
  const known = rootOf.get(folder);
  if (known !== undefined) return known;
  const parent = path.dirname(folder);
  const root = CONFIG_NAMES.some((name) => existsSync(path.join(folder, name)))
    ? folder
    : parent === folder
      ? null
      : findRoot(parent);
  rootOf.set(folder, root);
  return root;
}

/**
 * `absolute` relative to the project root of `file`, with forward slashes; null when there is
 * no root or the path is outside it.
 * @param {string} file the linted file (absolute)
 * @param {string} absolute any absolute path
 * @returns {string | null}
 */
export function projectPath(file, absolute) {
  if (!path.isAbsolute(file)) return null; // text linted without a file name has no place
  const root = findRoot(path.dirname(file));
  if (root === null) return null;
  const relative = path.relative(root, absolute);
  if (relative === '' || relative.startsWith('..') || path.isAbsolute(relative)) return null;
  return relative.split(path.sep).join('/');
}

/**
 * Whether `relative` (from projectPath) is `entry` or inside it; an entry ending in '/' names a
 * folder, any other a file.
 * @param {string} relative @param {string} entry
 */
export function isWithin(relative, entry) {
  return entry.endsWith('/') ? relative.startsWith(entry) : relative === entry;
}
