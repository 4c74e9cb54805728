// The file store behind attachments: presigned PUT URLs checked the way S3 checks them, and
// a CDN path that serves uploaded bytes back. No auth: the URLs themselves are the grant.
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { s3Error } from './replies.ts';
import type { Attachment, FakeEnv, Reply, RequestContext } from './types.ts';

export const UPLOAD_PREFIX = '/__uploads/';
export const CDN_PREFIX = '/__cdn/';

const SIGNATURE_MISMATCH =
  'The request signature we calculated does not match the signature you provided. Check your key and signing method.';

export function signatureFor(secret: Buffer, id: string, expiresAt: number): string {
  return createHmac('sha256', secret).update(`${id}\n${expiresAt}`).digest('hex');
}

function amzDate(date: Date): string {
  return date
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');
}

export function presignedUploadUrl(env: FakeEnv, attachment: Attachment, ttlMs: number): string {
  const signedHeaders = ['host', ...Object.keys(attachment.requiredHeaders)]
    .map((name) => name.toLowerCase())
    .sort();
  const query = new URLSearchParams({
    'X-Amz-Algorithm': 'AWS4-HMAC-SHA256',
    'X-Amz-Date': amzDate(new Date(attachment.created_at)),
    'X-Amz-Expires': String(Math.max(1, Math.ceil(ttlMs / 1000))),
    'X-Amz-SignedHeaders': signedHeaders.join(';'),
    'X-Amz-Signature': attachment.signature,
  });
  return `${env.origin}${UPLOAD_PREFIX}${attachment.id}?${query}`;
}

export function downloadUrlFor(env: FakeEnv, attachment: Attachment): string {
  return `${env.downloadOrigin}${CDN_PREFIX}${attachment.id}/${encodeURIComponent(attachment.filename)}`;
}

export function isOwnCdnUrl(value: string, env: FakeEnv): boolean {
  return [env.origin, env.downloadOrigin].some((origin) => value.startsWith(origin + CDN_PREFIX));
}

function attachmentAtCdnPath(pathname: string, env: FakeEnv): Attachment | undefined {
  const [id, name] = pathname.slice(CDN_PREFIX.length).split('/');
  const attachment = id ? env.state.attachments.get(id) : undefined;
  return attachment && name && decodeURIComponent(name) === attachment.filename
    ? attachment
    : undefined;
}

/** The attachment an own-CDN URL points at, if it exists. */
export function cdnAttachmentFor(value: string, env: FakeEnv): Attachment | undefined {
  try {
    return attachmentAtCdnPath(new URL(value).pathname, env);
  } catch {
    return undefined;
  }
}

function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

function checkUpload(ctx: RequestContext, attachment: Attachment): Reply | undefined {
  const signature = ctx.url.searchParams.get('X-Amz-Signature') ?? '';
  if (!sameSecret(signature, attachment.signature)) {
    return s3Error(403, 'SignatureDoesNotMatch', SIGNATURE_MISMATCH, 'altered upload URL');
  }
  if (Date.now() > attachment.uploadExpiresAt) {
    return s3Error(403, 'AccessDenied', 'Request has expired');
  }
  for (const [name, expected] of Object.entries(attachment.requiredHeaders)) {
    const sent = ctx.headers[name.toLowerCase()];
    if (sent !== expected) {
      const got = typeof sent === 'string' ? `"${sent}"` : 'nothing';
      const hint = `header ${name}: expected "${expected}", got ${got}`;
      return s3Error(403, 'SignatureDoesNotMatch', SIGNATURE_MISMATCH, hint);
    }
  }
  if (ctx.headers['content-length'] === undefined) {
    return s3Error(411, 'MissingContentLength', 'You must provide the Content-Length HTTP header.');
  }
  const hint = `received ${ctx.body.length} bytes, size_bytes was ${attachment.size_bytes}`;
  if (ctx.body.length < attachment.size_bytes) {
    const message =
      'You did not provide the number of bytes specified by the Content-Length HTTP header.';
    return s3Error(400, 'IncompleteBody', message, hint);
  }
  if (ctx.body.length > attachment.size_bytes) {
    return s3Error(
      400,
      'EntityTooLarge',
      'Your proposed upload exceeds the maximum allowed size.',
      hint,
    );
  }
  return undefined;
}

export function handleUpload(ctx: RequestContext, env: FakeEnv): Reply {
  if (ctx.method !== 'PUT') {
    return s3Error(
      405,
      'MethodNotAllowed',
      'The specified method is not allowed against this resource.',
    );
  }
  const id = decodeURIComponent(ctx.url.pathname.slice(UPLOAD_PREFIX.length));
  const attachment = env.state.attachments.get(id);
  if (!attachment) {
    return s3Error(403, 'SignatureDoesNotMatch', SIGNATURE_MISMATCH, 'unknown upload id');
  }
  const refused = checkUpload(ctx, attachment);
  if (refused) return refused;
  attachment.bytes = ctx.body;
  env.state.record('attachment.uploaded', ctx.id, {
    attachment_id: id,
    content_type: attachment.content_type,
    size_bytes: ctx.body.length,
  });
  const etag = createHash('md5').update(ctx.body).digest('hex');
  return { status: 200, raw: '', headers: { ETag: `"${etag}"` } };
}

export function handleCdn(ctx: RequestContext, env: FakeEnv): Reply {
  if (ctx.method !== 'GET' && ctx.method !== 'HEAD') {
    return s3Error(
      405,
      'MethodNotAllowed',
      'The specified method is not allowed against this resource.',
    );
  }
  const attachment = attachmentAtCdnPath(ctx.url.pathname, env);
  if (!attachment?.bytes) return s3Error(404, 'NoSuchKey', 'The specified key does not exist.');
  return {
    status: 200,
    raw: attachment.bytes,
    headers: {
      'Content-Type': attachment.content_type,
      'Cache-Control': 'public, max-age=31536000',
    },
  };
}
