// /v3/contact_card: setup (POST), merge-update (PATCH ?phone_number=) and listing (GET).
import { parseJsonObject } from './request-body.ts';
import { jsonReply, linqError } from './replies.ts';
import { cdnAttachmentFor, isOwnCdnUrl } from './routes-storage.ts';
import type { ContactCard, FakeEnv, Reply, RequestContext } from './types.ts';

const E164 = /^\+[1-9]\d{6,14}$/;

type CardFields = Pick<ContactCard, 'first_name' | 'last_name' | 'image_url'>;
type Checked = { fields: Partial<CardFields> } | { error: Reply };

export function isE164(value: unknown): value is string {
  return typeof value === 'string' && E164.test(value);
}

/** Wire shape: absent optional fields are omitted, not null. */
export function cardToWire(card: ContactCard): ContactCard {
  return {
    phone_number: card.phone_number,
    first_name: card.first_name,
    ...(card.last_name !== undefined ? { last_name: card.last_name } : {}),
    ...(card.image_url !== undefined ? { image_url: card.image_url } : {}),
    is_active: card.is_active,
  };
}

function checkImageUrl(value: string, env: FakeEnv): Reply | undefined {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return linqError(400, 1005, 'image_url must be a valid URL');
  }
  if (isOwnCdnUrl(value, env)) {
    // Linq would fail to copy an image that was never uploaded; the exact code is unknown.
    if (cdnAttachmentFor(value, env)?.bytes) return undefined;
    return linqError(400, 1005, 'image_url could not be fetched');
  }
  // The fake's own CDN is plain http on loopback; every other image must be https.
  if (url.protocol !== 'https:') return linqError(400, 1005, 'image_url must be an https URL');
  return undefined;
}

function checkFields(
  body: Record<string, unknown>,
  mode: 'create' | 'update',
  env: FakeEnv,
): Checked {
  const fields: Partial<CardFields> = {};
  const { first_name, last_name, image_url } = body;
  if (first_name === undefined) {
    if (mode === 'create') return { error: linqError(400, 1001, 'first_name is required') };
  } else if (typeof first_name !== 'string') {
    return { error: linqError(400, 1003, 'first_name must be a string') };
  } else if (first_name.trim() === '') {
    const code = mode === 'create' ? 1001 : 1005;
    return { error: linqError(400, code, 'first_name must not be empty') };
  } else {
    fields.first_name = first_name;
  }
  if (last_name !== undefined) {
    if (typeof last_name !== 'string') {
      return { error: linqError(400, 1003, 'last_name must be a string') };
    }
    fields.last_name = last_name;
  }
  if (image_url !== undefined) {
    if (typeof image_url !== 'string') {
      return { error: linqError(400, 1003, 'image_url must be a string') };
    }
    const refused = checkImageUrl(image_url, env);
    if (refused) return { error: refused };
    fields.image_url = image_url;
  }
  return { fields };
}

function refuseForeignNumber(phoneNumber: string, env: FakeEnv): Reply | undefined {
  if (env.state.settings.enforceOwnNumbers && !env.state.ownsNumber(phoneNumber)) {
    return linqError(403, 2006);
  }
  return undefined;
}

/**
 * Stores the card of a write that succeeded, active or not: inactiveNext() overrides the
 * cardActivation setting for a counted number of writes, optionally activating it later.
 */
function store(
  card: ContactCard,
  effect: 'card.created' | 'card.updated',
  ctx: RequestContext,
  env: FakeEnv,
  body: unknown,
): Reply {
  const { state } = env;
  const oneShot = state.activation.take(ctx.method, card.phone_number);
  card.is_active = !oneShot && state.settings.cardActivation === 'active';
  state.cards.set(card.phone_number, card);
  state.record(effect, ctx.id, body, card.phone_number);
  if (oneShot?.activateAfterMs !== undefined) {
    state.activation.activateLater(
      card,
      oneShot.activateAfterMs,
      () => state.cards.get(card.phone_number) === card,
      () => state.record('card.activated', ctx.id, { is_active: true }, card.phone_number),
    );
  }
  return jsonReply(200, cardToWire(card));
}

function createCard(ctx: RequestContext, env: FakeEnv): Reply {
  const body = parseJsonObject(ctx.body);
  if (!body) return linqError(400, 1003);
  const phoneNumber = body.phone_number;
  if (phoneNumber === undefined) return linqError(400, 1001, 'phone_number is required');
  if (!isE164(phoneNumber)) return linqError(400, 1002);
  const checked = checkFields(body, 'create', env);
  if ('error' in checked) return checked.error;
  const foreign = refuseForeignNumber(phoneNumber, env);
  if (foreign) return foreign;
  // Only an *active* card blocks setup: after a failed setup, calling again is the remedy.
  if (env.state.cards.get(phoneNumber)?.is_active) return linqError(409, 2014);
  const card: ContactCard = {
    phone_number: phoneNumber,
    first_name: checked.fields.first_name ?? '',
    ...checked.fields,
    is_active: false, // decided by store()
  };
  return store(card, 'card.created', ctx, env, body);
}

function updateCard(ctx: RequestContext, env: FakeEnv): Reply {
  const phoneNumber = ctx.url.searchParams.get('phone_number');
  if (!isE164(phoneNumber)) {
    return linqError(400, 1002, 'phone_number query parameter must be in E.164 format');
  }
  const body = parseJsonObject(ctx.body);
  if (!body) return linqError(400, 1003);
  const checked = checkFields(body, 'update', env);
  if ('error' in checked) return checked.error;
  const foreign = refuseForeignNumber(phoneNumber, env);
  if (foreign) return foreign;
  const existing = env.state.cards.get(phoneNumber);
  // The SDK says PATCH "requires an active contact card". 2012 ("no contact card") rather
  // than the generic 2001: it is the code Linq uses for a line without a card.
  if (!existing?.is_active) return linqError(404, 2012);
  return store({ ...existing, ...checked.fields }, 'card.updated', ctx, env, body);
}

function listCards(ctx: RequestContext, env: FakeEnv): Reply {
  const { settings, cards } = env.state;
  const visible = (card: ContactCard | undefined): card is ContactCard =>
    card !== undefined && (card.is_active || !settings.hideInactiveCards);
  const filter = ctx.url.searchParams.get('phone_number');
  if (filter === null) {
    return jsonReply(200, { contact_cards: [...cards.values()].filter(visible).map(cardToWire) });
  }
  if (!isE164(filter)) return linqError(400, 1002);
  const card = cards.get(filter);
  if (visible(card)) return jsonReply(200, { contact_cards: [cardToWire(card)] });
  if (settings.unknownCardAnswer === '404') return linqError(404, 2012);
  return jsonReply(200, { contact_cards: [] });
}

export function handleContactCard(ctx: RequestContext, env: FakeEnv): Reply {
  if (ctx.method === 'POST') return createCard(ctx, env);
  if (ctx.method === 'PATCH') return updateCard(ctx, env);
  if (ctx.method === 'GET') return listCards(ctx, env);
  return linqError(404, 2001, `No route for ${ctx.method} /v3/contact_card`);
}
