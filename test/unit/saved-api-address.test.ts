// At start-up, a saved API address nobody approved is asked about: approve it, go back to
// Linq's, or (no answer could be had or kept) stay held, sending nothing.
import { describe, expect, it, vi } from 'vitest';
import {
  confirmSavedApiAddress,
  savedAddressQuestion,
  type SavedAddressDeps,
} from '../../electron/main/saved-api-address.ts';
import { LINQ_PRODUCTION_BASE_URL } from '../../shared/rules.ts';

const SAVED = 'http://127.0.0.1:4010/api';

function deps(overrides: Partial<SavedAddressDeps> = {}) {
  return {
    unapproved: vi.fn(async () => SAVED as string | null),
    confirm: vi.fn(async () => false),
    approve: vi.fn(async () => undefined),
    useLinq: vi.fn(async () => undefined),
    ...overrides,
  };
}

describe('confirmSavedApiAddress', () => {
  it('asks nothing when the saved address needs no approval or has one', async () => {
    const d = deps({ unapproved: vi.fn(async () => null) });
    expect(await confirmSavedApiAddress(d)).toBe('nothing-to-ask');
    expect(d.confirm).not.toHaveBeenCalled();
  });

  it('approves the address when the user says so', async () => {
    const d = deps({ confirm: vi.fn(async () => true) });
    expect(await confirmSavedApiAddress(d)).toBe('approved');
    expect(d.confirm).toHaveBeenCalledWith(savedAddressQuestion(SAVED));
    expect(d.approve).toHaveBeenCalledWith(SAVED);
    expect(d.useLinq).not.toHaveBeenCalled();
  });

  it('goes back to Linq’s address when the user says no', async () => {
    const d = deps();
    expect(await confirmSavedApiAddress(d)).toBe('linq');
    expect(d.approve).not.toHaveBeenCalled();
    expect(d.useLinq).toHaveBeenCalled();
  });

  it('stays held (approves nothing, changes nothing) when the dialog or the keychain fails', async () => {
    const noDialog = deps({ confirm: vi.fn(async () => Promise.reject(new Error('no window'))) });
    expect(await confirmSavedApiAddress(noDialog)).toBe('held');
    expect(noDialog.approve).not.toHaveBeenCalled();
    expect(noDialog.useLinq).not.toHaveBeenCalled();
    const locked = deps({ unapproved: vi.fn(async () => Promise.reject(new Error('locked'))) });
    expect(await confirmSavedApiAddress(locked)).toBe('held');
    expect(locked.confirm).not.toHaveBeenCalled();
    const notKept = deps({
      confirm: vi.fn(async () => true),
      approve: vi.fn(async () => Promise.reject(new Error('locked'))),
    });
    expect(await confirmSavedApiAddress(notKept)).toBe('held');
  });

  it('names the address and Linq’s, and says nothing was sent', () => {
    const question = savedAddressQuestion(SAVED);
    expect(question.message).toBe('Send your Linq API key to 127.0.0.1:4010?');
    expect(question.detail).toContain(SAVED);
    expect(question.detail).toContain(LINQ_PRODUCTION_BASE_URL);
    expect(question.detail).toContain('Nothing has been sent there');
  });
});
