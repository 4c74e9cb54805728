// Reads request bodies whole (uploads included: this is a test server) with a size cap, so
// a runaway client gets a clean refusal instead of filling memory.
import type { IncomingMessage } from 'node:http';

export const JSON_BODY_LIMIT = 1024 * 1024;
export const MAX_ATTACHMENT_BYTES = 104_857_600;

export class BodyTooLargeError extends Error {
  override name = 'BodyTooLargeError';
}

export async function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) throw new BodyTooLargeError(`body exceeds ${limit} bytes`);
    chunks.push(chunk);
  }
  return Buffer.concat(chunks, size);
}

/** The body as a JSON object, or undefined when it is not one (arrays and scalars included). */
export function parseJsonObject(body: Buffer): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(body.toString('utf8'));
    return value !== null && typeof value === 'object' && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}
