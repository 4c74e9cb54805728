// The PUT of a photo's bytes to a presigned upload URL: exactly the headers Linq listed plus
// the exact Content-Length (the store refuses anything else), no Authorization (the URL is
// the grant, and the API key must never reach a file store), progress as the bytes are
// handed to the network, and S3's XML error answers read into something a caller can act on.
// A fetch that buffers the body (Electron's net.fetch) gets the bytes in one piece instead:
// it sends them only once it has all of them, so a stream's pulls would measure nothing.
import { AppFailure } from '../failure.ts';
import type { FetchLike } from '../net/fetch.ts';
import { classifyNetworkError, networkAppFailure } from '../net/network-failure.ts';

export interface UploadTarget {
  uploadUrl: string;
  requiredHeaders: Record<string, string>;
}

export interface UploadProgress {
  sentBytes: number;
  totalBytes: number;
}

export interface PutOptions {
  fetch: FetchLike;
  onProgress?: (progress: UploadProgress) => void;
  /**
   * The PUT is abandoned after this long without a byte sent or an answer. Through a fetch
   * that buffers the body, the wait for the answer also allows for the transfer itself.
   */
  stallTimeoutMs: number;
  signal?: AbortSignal;
}

export type PutOutcome =
  { ok: true } | { ok: false; status: number; s3Code: string | null; s3Message: string | null };

const CHUNK_BYTES = 64 * 1024;

/**
 * The slowest uplink a buffered PUT is given time for (64 KiB/s, about 0.5 Mbit/s): a fetch
 * that sends the body after taking all of it reports nothing while it transfers.
 */
const SLOWEST_UPLINK_BYTES_PER_SECOND = 64 * 1024;

function transferAllowanceMs(totalBytes: number): number {
  return Math.ceil((totalBytes / SLOWEST_UPLINK_BYTES_PER_SECOND) * 1000);
}

/** S3 answers errors as <Error><Code>..</Code><Message>..</Message></Error>. */
function s3Field(xml: string, field: 'Code' | 'Message'): string | null {
  const match = new RegExp(`<${field}>([^<]{0,300})</${field}>`).exec(xml);
  return match?.[1] ?? null;
}

/** An expired presigned URL: S3 says 403 AccessDenied, "Request has expired". */
export function isExpiredUpload(outcome: PutOutcome): boolean {
  return (
    !outcome.ok &&
    outcome.status === 403 &&
    outcome.s3Code === 'AccessDenied' &&
    /expired/i.test(outcome.s3Message ?? '')
  );
}

function bodyStream(
  bytes: Uint8Array,
  onChunk: (sentBytes: number) => void,
): ReadableStream<Uint8Array> {
  let offset = 0;
  // highWaterMark 0: a chunk is produced only when fetch asks for it, so a progress report
  // means the previous bytes went to the socket, not into a queue.
  return new ReadableStream<Uint8Array>(
    {
      pull(controller) {
        if (offset >= bytes.length) {
          controller.close();
          return;
        }
        const chunk = bytes.subarray(offset, offset + CHUNK_BYTES);
        offset += chunk.length;
        controller.enqueue(chunk);
        onChunk(offset);
      },
    },
    { highWaterMark: 0 },
  );
}

export async function putBytes(
  target: UploadTarget,
  bytes: Uint8Array,
  options: PutOptions,
): Promise<PutOutcome> {
  const totalBytes = bytes.length;
  const buffered = options.fetch.buffersRequestBody === true;
  // How long the PUT may go without news before it counts as stalled.
  const quietMs = buffered
    ? options.stallTimeoutMs + transferAllowanceMs(totalBytes)
    : options.stallTimeoutMs;
  const stall = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const touch = () => {
    clearTimeout(timer);
    timer = setTimeout(() => stall.abort(), quietMs);
  };
  const body = buffered
    ? // Photo bytes live in an ArrayBuffer (never a SharedArrayBuffer), as BodyInit wants.
      { body: bytes as Uint8Array<ArrayBuffer> }
    : {
        body: bodyStream(bytes, (sentBytes) => {
          touch();
          options.onProgress?.({ sentBytes, totalBytes });
        }),
        // `duplex` is Node's (undici's) option for a streamed body; DOM typings lack it.
        duplex: 'half' as const,
      };
  const signal = options.signal ? AbortSignal.any([stall.signal, options.signal]) : stall.signal;
  const headers = new Headers(target.requiredHeaders);
  headers.set('Content-Length', String(totalBytes));
  touch();
  try {
    const init: RequestInit & { duplex?: 'half' } = {
      method: 'PUT',
      headers,
      ...body,
      // A streamed body cannot be sent twice, and a store has no reason to redirect.
      redirect: 'error',
      signal,
    };
    const response = await options.fetch(target.uploadUrl, init);
    touch();
    const text = (await response.text()).slice(0, 10_000);
    if (response.ok) {
      // A buffered body is known to have arrived only now.
      if (buffered) options.onProgress?.({ sentBytes: totalBytes, totalBytes });
      return { ok: true };
    }
    return {
      ok: false,
      status: response.status,
      s3Code: s3Field(text, 'Code'),
      s3Message: s3Field(text, 'Message'),
    };
  } catch (error) {
    if (options.signal?.aborted) throw options.signal.reason;
    if (stall.signal.aborted) {
      const seconds = Math.round(quietMs / 1000);
      throw AppFailure.of('TIMEOUT', {
        detail: buffered
          ? `The photo upload did not finish within ${seconds} s.`
          : `The photo upload made no progress for ${seconds} s.`,
      });
    }
    const failure = classifyNetworkError(error);
    if (failure) throw networkAppFailure(failure, error);
    throw AppFailure.of('NETWORK_UNREACHABLE', { detail: 'The photo upload failed.' }, error);
  } finally {
    clearTimeout(timer);
  }
}
