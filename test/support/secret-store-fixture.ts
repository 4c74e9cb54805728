// Runs keychain operations through createKeychainSecretStore in a process of its own, so a
// test can place it in a D-Bus session of its choosing (locked keyring, no Secret Service,
// no bus). Prints one JSON line: { results: FixtureResult[] }.
// Usage: node secret-store-fixture.ts <service> <op>...   ops: get | set | delete
// The key for `set` comes from LINQ_FIXTURE_KEY (not argv, which `ps` would show).
import { inspect } from 'node:util';
import { createKeychainSecretStore } from '../../electron/services/secrets.ts';
import { AppFailure } from '../../electron/services/failure.ts';

export interface FixtureResult {
  op: string;
  ok: boolean;
  value?: string | null;
  code?: string;
  detail?: string;
  /** Whether the key shows up anywhere in the failure, its cause or its stack. */
  leaked?: boolean;
  /** Text of an error that was not an AppFailure (a bug in the store). */
  unexpected?: string;
}

const [service, ...ops] = process.argv.slice(2);
if (!service) throw new Error('usage: secret-store-fixture.ts <service> <op>...');
const key = process.env.LINQ_FIXTURE_KEY ?? '';
const store = createKeychainSecretStore({ service });
const results: FixtureResult[] = [];

for (const op of ops) {
  try {
    if (op === 'get') results.push({ op, ok: true, value: await store.getKey() });
    else if (op === 'set') await store.setKey(key).then(() => results.push({ op, ok: true }));
    else if (op === 'delete') await store.deleteKey().then(() => results.push({ op, ok: true }));
    else throw new Error(`unknown op ${op}`);
  } catch (error) {
    const leaked = key !== '' && inspect(error, { depth: Infinity }).includes(key);
    if (error instanceof AppFailure) {
      const { code, detail } = error.appError;
      results.push({ op, ok: false, code, detail, leaked });
    } else {
      results.push({ op, ok: false, unexpected: String(error), leaked });
    }
  }
}

process.stdout.write(`${JSON.stringify({ results })}\n`);
