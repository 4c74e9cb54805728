// Everything under /api/partner: bearer auth first, then the few /v3 routes the app uses.
import type { IncomingHttpHeaders } from 'node:http';
import { jsonReply, linqError } from './replies.ts';
import { createAttachment, getAttachment } from './routes-attachments.ts';
import { handleContactCard } from './routes-contact-card.ts';
import type { FakeEnv, Reply, RequestContext } from './types.ts';

export const API_PREFIX = '/api/partner';

export function isAuthorised(headers: IncomingHttpHeaders, apiKey: string): boolean {
  return headers.authorization === `Bearer ${apiKey}`;
}

function listPhoneNumbers(env: FakeEnv): Reply {
  // More fields than the app needs, on purpose: clients must tolerate additions.
  const phone_numbers = env.state.phoneNumbers.map((line) => {
    const health = line.reputation && {
      status: line.reputation,
      doc_url: `https://docs.linqapp.com/guides/phone-numbers/phone-reputation#${line.reputation.toLowerCase()}`,
    };
    return {
      id: line.id,
      phone_number: line.phone_number,
      forwarding_number: null,
      ...(health ? { health_status: health, reputation: health } : {}),
      ...line.wire,
    };
  });
  return jsonReply(200, { phone_numbers });
}

export function handleApi(ctx: RequestContext, env: FakeEnv, authorised: boolean): Reply {
  if (!authorised) return linqError(401, 2004);
  const path = ctx.url.pathname.slice(API_PREFIX.length);
  if (path === '/v3/contact_card') return handleContactCard(ctx, env);
  if (path === '/v3/phone_numbers' && ctx.method === 'GET') return listPhoneNumbers(env);
  if (path === '/v3/attachments' && ctx.method === 'POST') return createAttachment(ctx, env);
  const attachmentId = /^\/v3\/attachments\/([^/]+)$/.exec(path)?.[1];
  if (attachmentId && ctx.method === 'GET') {
    return getAttachment(decodeURIComponent(attachmentId), env);
  }
  return linqError(404, 2001, `No route for ${ctx.method} ${path}`);
}
