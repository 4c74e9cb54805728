// The one-line description of the API key used by the header pill.
import type { KeyStatus } from '../../../shared/contract.ts';
import type { AppError } from '../../../shared/errors.schema.ts';

export type Tone = 'success' | 'warning' | 'danger' | 'neutral';

export function maskedKey(last4: string | null): string {
  return last4 ? `Key •••• ${last4}` : 'Key';
}

export function describeKeyStatus(
  status: KeyStatus | null,
  keyError: AppError | null,
): { text: string; tone: Tone } {
  if (keyError && keyError.code.startsWith('KEYCHAIN_')) {
    const text =
      keyError.code === 'KEYCHAIN_LOCKED'
        ? 'Keychain locked'
        : keyError.code === 'KEYCHAIN_UNAVAILABLE'
          ? 'Keychain unavailable'
          : keyError.code === 'KEYCHAIN_NO_SESSION_BUS'
            ? 'Keychain unreachable'
            : 'Keychain problem';
    return { text, tone: 'danger' };
  }
  if (keyError || !status) return { text: 'Key status unknown', tone: 'warning' };
  if (!status.present) return { text: 'No key', tone: 'warning' };
  const key = maskedKey(status.last4);
  switch (status.verification) {
    case 'verified':
      return { text: `${key} · verified`, tone: 'success' };
    case 'rejected':
      return { text: `${key} · rejected`, tone: 'danger' };
    case 'unverified':
      return { text: `${key} · unverified`, tone: 'neutral' };
  }
}
