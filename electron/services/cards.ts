// Setting up and updating contact cards: the key from the keychain, the base URL from
// settings, the call through the Linq client, and a history entry for every attempt.
import type { CardSetup, CardUpdate, Card } from '../../shared/card.ts';
import type { CardResult, HistoryEntry } from '../../shared/contract.ts';
import type { ApiKeyService } from './api-key.ts';
import type { EventHub } from './events.ts';
import { AppFailure } from './failure.ts';
import type { HistoryRecord, HistoryService } from './history.ts';
import type { LinqClient, LinqConnection } from './linq-client.ts';
import type { SettingsService } from './settings.ts';

export interface CardService {
  setup(card: CardSetup): Promise<CardResult>;
  update(update: CardUpdate): Promise<CardResult>;
  get(phoneNumber: string): Promise<Card | null>;
}

interface Dependencies {
  reportBug: (error: unknown) => void;
  apiKey: ApiKeyService;
  settings: SettingsService;
  linq: LinqClient;
  history: HistoryService;
  events: EventHub;
}

export function createCardService({
  reportBug,
  apiKey,
  settings,
  linq,
  history,
  events,
}: Dependencies): CardService {
  async function connection(): Promise<LinqConnection> {
    return { apiKey: await apiKey.require(), baseUrl: settings.get().apiBaseUrl };
  }

  function publishHistory(): void {
    events.emit('historyChanged', history.list());
  }

  /** Runs one Linq write and records its outcome, success or failure, in the history. */
  async function attempt(
    entry: Omit<HistoryRecord, 'outcome' | 'error'>,
    send: (connection: LinqConnection) => Promise<Card>,
  ): Promise<CardResult> {
    const target = await connection();
    let card: Card;
    try {
      card = await send(target);
    } catch (error) {
      if (!(error instanceof AppFailure)) throw error;
      recordHistory({ ...entry, outcome: 'failed', error: error.appError });
      await noteRejectedKey(target, error);
      throw error;
    }
    // Linq has the card now: whatever happens to the local record, the answer is "done", or
    // the user would retry, get a 409 and be led to update a card they just set up.
    const historyEntry = recordHistory({
      ...entry,
      firstName: card.firstName,
      lastName: card.lastName,
      imageUrl: card.imageUrl,
      outcome: card.isActive ? 'active' : 'inactive',
    });
    return { card, historyEntry };
  }

  /** Records an attempt; a failing database is reported as a bug, never as the call's outcome. */
  function recordHistory(record: HistoryRecord): HistoryEntry | null {
    try {
      const recorded = history.record(record);
      publishHistory();
      return recorded;
    } catch (error) {
      reportBug(error);
      return null;
    }
  }

  async function noteRejectedKey(target: LinqConnection, error: AppFailure): Promise<void> {
    if (error.appError.code !== 'KEY_REJECTED') return;
    events.emit('keyStatusChanged', await apiKey.markRejected(target.apiKey, error.appError));
  }

  return {
    setup(card) {
      return attempt(
        {
          action: 'setup',
          phoneNumber: card.phoneNumber,
          firstName: card.firstName,
          lastName: card.lastName ?? null,
          imageUrl: card.imageUrl ?? null,
        },
        (target) => linq.createCard(target, card),
      );
    },

    update(update) {
      return attempt(
        {
          action: 'update',
          phoneNumber: update.phoneNumber,
          firstName: update.firstName ?? null,
          lastName: update.lastName ?? null,
          imageUrl: update.imageUrl ?? null,
        },
        (target) => linq.updateCard(target, update),
      );
    },

    async get(phoneNumber) {
      const target = await connection();
      try {
        return await linq.getCard(target, phoneNumber);
      } catch (error) {
        if (error instanceof AppFailure) await noteRejectedKey(target, error);
        throw error;
      }
    },
  };
}
