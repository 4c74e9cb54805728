// /v3/attachments: reserving an upload (POST) and reading its metadata (GET /{id}).
import { randomUUID } from 'node:crypto';
import { MAX_ATTACHMENT_BYTES, parseJsonObject } from './request-body.ts';
import { jsonReply, linqError } from './replies.ts';
import { downloadUrlFor, presignedUploadUrl, signatureFor } from './routes-storage.ts';
import type { Attachment, FakeEnv, Reply, RequestContext } from './types.ts';

/** The image types Linq's docs accept; WebP and SVG are documented as rejected. */
const IMAGE_TYPES = new Set([
  'image/jpeg',
  'image/png',
  'image/gif',
  'image/heic',
  'image/heif',
  'image/tiff',
  'image/bmp',
]);

function checkRequest(body: Record<string, unknown>): Reply | undefined {
  const { filename, content_type, size_bytes } = body;
  for (const [name, value] of Object.entries({ filename, content_type, size_bytes })) {
    if (value === undefined) return linqError(400, 1001, `${name} is required`);
  }
  if (typeof filename !== 'string' || filename.length < 1 || filename.length > 255) {
    return linqError(400, 1003, 'filename must be 1 to 255 characters');
  }
  if (typeof content_type !== 'string' || !IMAGE_TYPES.has(content_type)) {
    return linqError(400, 5004);
  }
  if (typeof size_bytes !== 'number' || !Number.isInteger(size_bytes) || size_bytes < 1) {
    return linqError(400, 1003, 'size_bytes must be a positive integer');
  }
  if (size_bytes > MAX_ATTACHMENT_BYTES) return linqError(400, 5005);
  return undefined;
}

export function createAttachment(ctx: RequestContext, env: FakeEnv): Reply {
  const body = parseJsonObject(ctx.body);
  if (!body) return linqError(400, 1003);
  const refused = checkRequest(body);
  if (refused) return refused;
  const id = randomUUID();
  const ttlMs = env.state.settings.uploadUrlTtlMs;
  const createdAt = new Date();
  const uploadExpiresAt = createdAt.getTime() + ttlMs;
  const attachment: Attachment = {
    id,
    filename: body.filename as string,
    content_type: body.content_type as string,
    size_bytes: body.size_bytes as number,
    created_at: createdAt.toISOString(),
    uploadExpiresAt,
    // The extra x-amz-meta header catches clients that send only Content-Type.
    requiredHeaders: {
      'Content-Type': body.content_type as string,
      'x-amz-meta-attachment-id': id,
    },
    signature: signatureFor(env.secret, id, uploadExpiresAt),
  };
  env.state.attachments.set(id, attachment);
  env.state.record('attachment.created', ctx.id, body);
  return jsonReply(200, {
    attachment_id: id,
    upload_url: presignedUploadUrl(env, attachment, ttlMs),
    download_url: downloadUrlFor(env, attachment),
    http_method: 'PUT',
    expires_at: new Date(uploadExpiresAt).toISOString(),
    required_headers: { ...attachment.requiredHeaders },
  });
}

export function getAttachment(id: string, env: FakeEnv): Reply {
  const attachment = env.state.attachments.get(id);
  if (!attachment) return linqError(404, 2003);
  const complete = attachment.bytes !== undefined;
  return jsonReply(200, {
    id: attachment.id,
    filename: attachment.filename,
    content_type: attachment.content_type,
    size_bytes: attachment.size_bytes,
    status: complete ? 'complete' : 'pending',
    // Only once there is something to download; clients should use the create answer's URL.
    ...(complete ? { download_url: downloadUrlFor(env, attachment) } : {}),
    created_at: attachment.created_at,
  });
}
