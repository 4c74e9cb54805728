// Registers every API key that passes through the secret store with the logger, so it is
// redacted from every log line from then on: keys read from the keychain, keys being stored
// (before the keychain sees them, so one it refuses counts too), and so keys Linq later
// rejects, since the outbox and the key check only ever get their key from here. Wrapping the
// store, rather than its callers, also covers a store that tests put in its place.
import type { SecretStore } from '../secrets.ts';

export function redactingSecretStore(
  store: SecretStore,
  logger: { addSecret(secret: string): void },
): SecretStore {
  return {
    async getKey() {
      const key = await store.getKey();
      if (key !== null) logger.addSecret(key);
      return key;
    },
    async setKey(key) {
      logger.addSecret(key);
      return store.setKey(key);
    },
    deleteKey: () => store.deleteKey(),
  };
}
