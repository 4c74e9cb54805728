// shared/ keeps zod in files named for it (see eslint.config.js): the renderer's lint ban is
// keyed on those names, so a zod import in a plainly named file, or a plain file that loads a
// schema file, would put zod in the renderer without lint noticing. This checks the names.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const SHARED = join(import.meta.dirname, '../../shared');

function sharedFiles(dir = SHARED): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sharedFiles(path);
    return entry.name.endsWith('.ts') ? [relative(SHARED, path)] : [];
  });
}

const isSchemaFile = (name: string) => name.endsWith('.schema.ts') || name === 'contract.ts';

/** The modules a file loads when it runs: `import type` and `export type` are erased. */
function valueImports(source: string): string[] {
  const statements = source.matchAll(/^(?:import|export)\s+(?!type\b)[^;]*?from\s+'([^']+)'/gms);
  return [...statements].map((match) => match[1]!);
}

describe('shared/ file names', () => {
  const files = sharedFiles();

  it('finds the files it checks', () => {
    expect(files).toContain('outbox.rules.ts');
    expect(files).toContain('outbox.schema.ts');
  });

  it('names every file that imports zod *.schema.ts', () => {
    const zodInPlainFiles = files.filter(
      (name) =>
        !isSchemaFile(name) &&
        valueImports(readFileSync(join(SHARED, name), 'utf8')).includes('zod'),
    );
    expect(zodInPlainFiles).toEqual([]);
  });

  it('keeps plain files free of schema files, so the renderer can load them', () => {
    const loadsSchemas = files.filter(
      (name) =>
        !isSchemaFile(name) &&
        valueImports(readFileSync(join(SHARED, name), 'utf8')).some(
          (target) => target.endsWith('.schema.ts') || target.endsWith('/contract.ts'),
        ),
    );
    expect(loadsSchemas).toEqual([]);
  });

  it('sees a value import and ignores a type import', () => {
    const source = [
      "import type { A } from './a.schema.ts';",
      "import { b, type B } from './b.rules.ts';",
      "import {\n  c,\n} from 'zod';",
    ].join('\n');
    expect(valueImports(source)).toEqual(['./b.rules.ts', 'zod']);
  });
});
