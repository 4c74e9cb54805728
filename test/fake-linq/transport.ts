// Low-level HTTP plumbing for the fake: body limits per route, writing a Reply, dropping a
// socket, listening.
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { linqError, s3Error } from './replies.ts';
import { JSON_BODY_LIMIT, MAX_ATTACHMENT_BYTES } from './request-body.ts';
import { UPLOAD_PREFIX } from './routes-storage.ts';
import type { Reply } from './types.ts';

export function bodyLimitFor(pathname: string): number {
  return pathname.startsWith(UPLOAD_PREFIX) ? MAX_ATTACHMENT_BYTES : JSON_BODY_LIMIT;
}

export function tooLargeReply(pathname: string): Reply {
  return pathname.startsWith(UPLOAD_PREFIX)
    ? s3Error(400, 'EntityTooLarge', 'Your proposed upload exceeds the maximum allowed size.')
    : linqError(413, 1003, 'Request body too large');
}

export function send(res: ServerResponse, reply: Reply): void {
  for (const [name, value] of Object.entries(reply.headers ?? {})) res.setHeader(name, value);
  let payload: string | Buffer = '';
  if (reply.raw !== undefined) {
    payload = reply.raw;
  } else if (reply.json !== undefined) {
    payload = JSON.stringify(reply.json);
    if (!res.hasHeader('content-type')) res.setHeader('Content-Type', 'application/json');
  }
  res.setHeader('Content-Length', Buffer.byteLength(payload));
  res.writeHead(reply.status);
  res.end(payload);
}

export function dropConnection(req: IncomingMessage): void {
  // RST rather than FIN: the client sees ECONNRESET, as with a real network failure.
  if (!req.socket.destroyed) req.socket.resetAndDestroy();
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export function listen(server: Server, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve((server.address() as AddressInfo).port);
    });
  });
}
