// What the fake Linq account holds, and the ledger of every change actually applied to it.
// Collections keep their identity across reset() so a test may hold on to them.
import { randomUUID } from 'node:crypto';
import { CardActivation } from './activation.ts';
import type {
  Attachment,
  ContactCard,
  Effect,
  LedgerEntry,
  PhoneLine,
  Reputation,
  RequestLogEntry,
  Settings,
} from './types.ts';

export const DEFAULT_PHONE_LINES: readonly PhoneLine[] = [
  {
    id: '7f3c2a10-5b1e-4c6d-9a0f-000000000132',
    phone_number: '+14155550132',
    reputation: 'HEALTHY',
  },
  {
    id: '7f3c2a10-5b1e-4c6d-9a0f-000000000133',
    phone_number: '+14155550133',
    reputation: 'HEALTHY',
  },
  {
    id: '7f3c2a10-5b1e-4c6d-9a0f-000000000100',
    phone_number: '+12125550100',
    reputation: 'HEALTHY',
  },
];

export const DEFAULT_UPLOAD_URL_TTL_MS = 15 * 60 * 1000;

export function defaultSettings(): Settings {
  return {
    enforceOwnNumbers: false,
    unknownCardAnswer: 'empty',
    hideInactiveCards: false,
    cardActivation: 'active',
    uploadUrlTtlMs: DEFAULT_UPLOAD_URL_TTL_MS,
  };
}

export class FakeState {
  readonly cards = new Map<string, ContactCard>();
  readonly phoneNumbers: PhoneLine[] = [];
  readonly attachments = new Map<string, Attachment>();
  readonly ledger: LedgerEntry[] = [];
  readonly requests: RequestLogEntry[] = [];
  readonly settings: Settings;
  /** One-shot inactive answers for successful writes (inactiveNext). */
  readonly activation = new CardActivation();
  readonly #initialCards: readonly ContactCard[];
  readonly #initialSettings: Settings;

  constructor(initialCards: readonly ContactCard[], settings: Partial<Settings>) {
    this.#initialCards = initialCards.map((card) => ({ ...card }));
    this.#initialSettings = { ...defaultSettings(), ...settings };
    this.settings = { ...this.#initialSettings };
    this.reset();
  }

  reset(): void {
    this.cards.clear();
    for (const card of this.#initialCards) this.seedCard(card);
    this.phoneNumbers.length = 0;
    this.phoneNumbers.push(...DEFAULT_PHONE_LINES.map((line) => ({ ...line })));
    this.attachments.clear();
    this.ledger.length = 0;
    this.requests.length = 0;
    Object.assign(this.settings, this.#initialSettings);
    this.activation.clear();
  }

  /** Puts a card in place without a request (and without a ledger entry). */
  seedCard(card: Omit<ContactCard, 'is_active'> & { is_active?: boolean }): ContactCard {
    const stored = { ...card, is_active: card.is_active ?? true };
    this.cards.set(stored.phone_number, stored);
    return stored;
  }

  addPhoneNumber(
    phoneNumber: string,
    options: { id?: string; reputation?: Reputation | null; wire?: Record<string, unknown> } = {},
  ): PhoneLine {
    const line: PhoneLine = {
      id: options.id ?? randomUUID(),
      phone_number: phoneNumber,
      reputation: options.reputation === undefined ? 'HEALTHY' : options.reputation,
      ...(options.wire ? { wire: options.wire } : {}),
    };
    this.phoneNumbers.push(line);
    return line;
  }

  ownsNumber(phoneNumber: string): boolean {
    return this.phoneNumbers.some((line) => line.phone_number === phoneNumber);
  }

  record(effect: Effect, requestId: string, body: unknown, phoneNumber?: string): void {
    this.ledger.push({
      seq: this.ledger.length + 1,
      at: new Date().toISOString(),
      effect,
      ...(phoneNumber ? { phoneNumber } : {}),
      body: structuredClone(body),
      requestId,
    });
  }
}
