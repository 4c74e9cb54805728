// The status bar's first words: whether the app is connected to Linq. Without a usable key the
// app cannot connect at all, whatever the network does, so the key comes first: "Connecting…"
// with no key never ends, and "Online" next to a key Linq refuses reads as "all is well".
import type { KeyStatus } from '../../../shared/contract.ts';
import type { AppError } from '../../../shared/errors.schema.ts';
import type { OutboxStatus } from '../../../shared/outbox.schema.ts';
import { connectionText } from './outbox-text.ts';

export interface ConnectionWords {
  text: string;
  /** The status dot and colour: the network's states, or a key that stops everything. */
  tone: OutboxStatus['connection'] | 'no-key' | 'key-refused';
  /** Whether the one helpful action is the API key settings. */
  keyAction: boolean;
}

export function connectionWords(
  status: OutboxStatus,
  keyStatus: KeyStatus | null,
  keyError: AppError | null,
): ConnectionWords {
  if (keyError?.code.startsWith('KEYCHAIN_')) {
    return {
      text: 'Not connected: the keychain cannot be read',
      tone: 'key-refused',
      keyAction: true,
    };
  }
  if (keyStatus && !keyStatus.present) {
    return { text: 'Not connected: add your API key', tone: 'no-key', keyAction: true };
  }
  if (keyStatus?.verification === 'rejected') {
    return { text: 'Key refused by Linq', tone: 'key-refused', keyAction: true };
  }
  return { text: connectionText(status), tone: status.connection, keyAction: false };
}
