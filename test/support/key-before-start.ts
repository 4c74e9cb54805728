// Puts an API key in the (throwaway test) keychain, under the entry the app reads, before the
// app starts: as an earlier run would have left it, not checked with Linq. For drivers with no
// way into main's services (the Electron app), since the window's own save checks the key.
import { createKeychainSecretStore } from '../../electron/services/secrets.ts';

export async function storeKeyBeforeStart(keychainService: string, key: string): Promise<void> {
  await createKeychainSecretStore({ service: keychainService }).setKey(key);
}
