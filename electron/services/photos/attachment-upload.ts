// A stored photo becomes an image_url through Linq's attachments: reserve an upload with
// POST /v3/attachments (filename, content type, exact size), PUT the bytes to the presigned
// upload_url, use download_url. A photo Linq already has (same SHA-256) is not sent again.
// An upload URL that expired is replaced by a fresh reservation once; nothing else is
// retried here (the outbox decides when to try a card again).
import { z } from 'zod';
import { PHOTO_EXTENSIONS, type PhotoContentType } from '../../../shared/photo.ts';
import { AppFailure } from '../failure.ts';
import { linqSdk, toAppFailure, type LinqConnection } from '../linq-client.ts';
import type { FetchLike } from '../net/fetch.ts';
import { networkAppFailure, proxyAuthRequired } from '../net/network-failure.ts';
import type { UploadedPhotos } from './uploaded-photos.ts';
import { uploadUrlProblem } from './upload-url-policy.ts';
import { isExpiredUpload, putBytes, type PutOutcome, type UploadProgress } from './upload-put.ts';

export type { UploadProgress } from './upload-put.ts';

/** What is uploaded: a photo store's read() answer fits. */
export interface PhotoUpload {
  sha256: string;
  contentType: PhotoContentType;
  bytes: Uint8Array;
}

export interface UploadPhotoOptions {
  uploaded: UploadedPhotos;
  /** Both the reservation and the PUT go through this. */
  fetch: FetchLike;
  /** Bytes handed to the network; starts again from 0 if an expired URL is replaced. */
  onProgress?: (progress: UploadProgress) => void;
  /** Timeout of the POST /v3/attachments call (default 30 s). */
  timeoutMs?: number;
  /** The PUT is abandoned after this long without progress (default 30 s). */
  stallTimeoutMs?: number;
  signal?: AbortSignal;
}

// Answers are read with non-strict schemas: Linq may add fields at any time.
const ReservationSchema = z.object({
  attachment_id: z.string(),
  upload_url: z.url({ protocol: /^https?$/ }),
  download_url: z.url({ protocol: /^https?$/ }),
  http_method: z.literal('PUT').optional(),
  required_headers: z.record(z.string(), z.string()),
});
type Reservation = z.infer<typeof ReservationSchema>;

export const UNTRUSTED_UPLOAD_MESSAGE =
  'The photo was not sent: Linq’s answer named an upload address the app does not send photos to. The app tries again later; if this keeps happening, contact support.';

/** Linq's attachment refusals, said in terms of the photo. */
const PHOTO_REFUSALS: Record<number, string> = {
  5004: 'Linq does not accept this type of image. Choose a JPEG or PNG photo.',
  5005: 'The photo is larger than Linq accepts. Choose a smaller photo.',
  5006: 'Linq says the photo does not match its file type. Choose the photo again.',
};

/**
 * The filename Linq is told: derived from the hash, never the user's own file name, which
 * can carry a person's name or more.
 */
export function attachmentFilename(photo: Pick<PhotoUpload, 'sha256' | 'contentType'>): string {
  return `photo-${photo.sha256.slice(0, 16)}.${PHOTO_EXTENSIONS[photo.contentType]}`;
}

/** The SDK's errors mapped as for every Linq call, with Linq's refusals of the photo itself. */
function apiFailure(error: unknown, signal: AbortSignal | undefined, apiKey: string): unknown {
  if (signal?.aborted) return signal.reason;
  const failure = toAppFailure(error, apiKey);
  const code = failure.appError.linqCode;
  const refusal = code === undefined ? undefined : PHOTO_REFUSALS[code];
  if (!refusal) return failure;
  return new AppFailure(
    { ...failure.appError, code: 'INVALID_INPUT', message: refusal, action: 'fix-input' },
    { cause: error, delivery: failure.delivery },
  );
}

async function reserve(
  connection: LinqConnection,
  photo: PhotoUpload,
  options: UploadPhotoOptions,
): Promise<Reservation> {
  const client = linqSdk(connection, {
    timeoutMs: options.timeoutMs ?? 30_000,
    fetch: options.fetch,
  });
  let answer: unknown;
  try {
    answer = await client.attachments.create(
      {
        filename: attachmentFilename(photo),
        content_type: photo.contentType,
        size_bytes: photo.bytes.length,
      },
      { maxRetries: 0, ...(options.signal ? { signal: options.signal } : {}) },
    );
  } catch (error) {
    throw apiFailure(error, options.signal, connection.apiKey);
  }
  const parsed = ReservationSchema.safeParse(answer);
  if (!parsed.success) {
    const where = parsed.error.issues[0]?.path.join('.') || '(body)';
    throw AppFailure.of('MALFORMED_RESPONSE', {
      detail: `Unexpected attachment answer at ${where}`,
    });
  }
  // The photo goes only where the policy allows (upload-url-policy.ts): never in clear text,
  // never to a host the answer merely names. Nothing is PUT; the outbox tries again later.
  const problem = uploadUrlProblem(parsed.data.upload_url, connection.baseUrl);
  if (problem) {
    throw AppFailure.of('LINQ_ERROR', {
      message: UNTRUSTED_UPLOAD_MESSAGE,
      detail: `Upload address refused: ${problem}`,
    });
  }
  return parsed.data;
}

/**
 * Whether a download_url can be reused later. Accounts on Linq's "ephemeral" attachment tier
 * get presigned download URLs that last 15 minutes: good for the card being sent now, not
 * for the next one.
 */
export function isLongLived(downloadUrl: string): boolean {
  const query = new URL(downloadUrl).searchParams;
  return !['X-Amz-Signature', 'X-Amz-Expires', 'Signature', 'Expires'].some((name) =>
    query.has(name),
  );
}

function putFailure(outcome: Exclude<PutOutcome, { ok: true }>): AppFailure {
  // A proxy in front of a plain-http upload URL wants a sign-in: the store never saw the PUT.
  if (outcome.status === 407) return networkAppFailure(proxyAuthRequired(), undefined);
  const detail = `Upload store answered HTTP ${outcome.status}${outcome.s3Code ? ` ${outcome.s3Code}` : ''}${outcome.s3Message ? `: ${outcome.s3Message}` : ''}`;
  if (isExpiredUpload(outcome)) {
    return AppFailure.of('TIMEOUT', {
      message:
        'The photo upload took longer than Linq’s upload link lasts. Try again, on a faster connection if you can.',
      detail,
      status: outcome.status,
    });
  }
  if (outcome.status >= 500)
    return AppFailure.of('SERVER_ERROR', { detail, status: outcome.status });
  // A refused signature or length means the app and Linq disagree about the upload: a bug
  // on one side, which support needs the details of.
  return AppFailure.of('LINQ_ERROR', {
    message:
      'Linq’s file storage refused the photo upload. Try again; if it keeps happening, contact support.',
    detail,
    status: outcome.status,
  });
}

/** Uploads the photo unless Linq already has it, and returns its download_url. */
export async function uploadPhoto(
  connection: LinqConnection,
  photo: PhotoUpload,
  options: UploadPhotoOptions,
): Promise<string> {
  const totalBytes = photo.bytes.length;
  const known = options.uploaded.get(photo.sha256);
  if (known) {
    options.onProgress?.({ sentBytes: totalBytes, totalBytes });
    return known;
  }
  for (let attempt = 1; ; attempt += 1) {
    const reservation = await reserve(connection, photo, options);
    const outcome = await putBytes(
      { uploadUrl: reservation.upload_url, requiredHeaders: reservation.required_headers },
      photo.bytes,
      {
        fetch: options.fetch,
        stallTimeoutMs: options.stallTimeoutMs ?? 30_000,
        ...(options.onProgress ? { onProgress: options.onProgress } : {}),
        ...(options.signal ? { signal: options.signal } : {}),
      },
    );
    if (outcome.ok) {
      if (isLongLived(reservation.download_url)) {
        options.uploaded.record(photo.sha256, reservation.download_url);
      }
      return reservation.download_url;
    }
    // An expired URL is asked for again, once: a second expiry means the upload itself is
    // too slow, and a third try would be no faster.
    if (!(isExpiredUpload(outcome) && attempt === 1)) throw putFailure(outcome);
  }
}
