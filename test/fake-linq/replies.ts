// Builds answers in the two dialects the app meets: Linq's JSON error envelope and the
// XML errors of the S3-style store behind presigned upload URLs.
import { randomBytes } from 'node:crypto';
import type { FailureSpec, Reply } from './types.ts';

const MESSAGES: Record<number, string> = {
  1001: 'A required field is missing from the request',
  1002: 'Phone number must be in E.164 format',
  1003: 'Request body is malformed or contains invalid JSON',
  1005: 'A parameter value is invalid',
  1007: 'Rate limit exceeded',
  2001: 'Not found',
  2003: 'The requested attachment does not exist',
  2004: 'Unauthorized - missing or invalid authentication token',
  2005: 'Access denied - insufficient permissions for this resource',
  2006: "You don't have permission to use this phone number",
  2012: 'No contact card exists for this phone number',
  2014: 'Contact card already exists',
  2022: 'Contact card setup did not complete',
  3005: 'Network operation timed out',
  3006: 'Internal server error',
  4004: 'External service is temporarily unavailable',
  5004: 'File type is not supported',
  5005: 'File exceeds the maximum size limit',
};

export function defaultCodeFor(status: number): number {
  const byStatus: Record<number, number> = {
    401: 2004,
    403: 2005,
    404: 2001,
    409: 2014,
    429: 1007,
    503: 4004,
    504: 3005,
  };
  return byStatus[status] ?? (status >= 500 ? 3006 : 1003);
}

export function docUrlFor(code: number): string {
  return `https://docs.linqapp.com/error/codes/${Math.floor(code / 1000)}xxx/${code}/`;
}

export function newTraceId(): string {
  return randomBytes(16).toString('hex');
}

export function jsonReply(status: number, json: unknown, headers?: Record<string, string>): Reply {
  return { status, json, ...(headers ? { headers } : {}) };
}

export function linqError(
  status: number,
  code: number,
  message?: string,
  retryAfterSeconds?: number,
): Reply {
  const error: Record<string, unknown> = {
    status,
    code,
    message: message ?? MESSAGES[code] ?? `Error ${code}`,
    doc_url: docUrlFor(code),
  };
  const headers: Record<string, string> = {};
  if (retryAfterSeconds !== undefined) {
    error.retry_after = retryAfterSeconds;
    headers['Retry-After'] = String(retryAfterSeconds);
  }
  return { status, headers, json: { success: false, error, trace_id: newTraceId() } };
}

export function injectedFailure(spec: FailureSpec): Reply {
  const base = linqError(
    spec.status,
    spec.code ?? defaultCodeFor(spec.status),
    spec.message,
    spec.retryAfterSeconds,
  );
  const headers = { ...base.headers, ...spec.headers };
  if (spec.retryAfterHeader === false) delete headers['Retry-After'];
  if (spec.body === undefined) return { ...base, headers };
  if (typeof spec.body === 'string') {
    return {
      status: spec.status,
      raw: spec.body,
      headers: { 'Content-Type': 'text/plain; charset=utf-8', ...headers },
    };
  }
  return { status: spec.status, json: spec.body, headers };
}

export function s3Error(status: number, code: string, message: string, hint?: string): Reply {
  // FakeLinqHint is not S3's: it tells whoever debugs a failing test which check refused.
  const xml =
    '<?xml version="1.0" encoding="UTF-8"?>\n' +
    `<Error><Code>${code}</Code><Message>${message}</Message>` +
    (hint ? `<FakeLinqHint>${escapeXml(hint)}</FakeLinqHint>` : '') +
    `<RequestId>${newTraceId().slice(0, 16).toUpperCase()}</RequestId></Error>`;
  return { status, raw: xml, headers: { 'Content-Type': 'application/xml' } };
}

function escapeXml(text: string): string {
  return text.replace(/[<>&'"]/g, (char) => `&#${char.charCodeAt(0)};`);
}
