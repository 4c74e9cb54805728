import { describe, expect, it } from 'vitest';
import {
  appError,
  describeError,
  ERROR_CATALOGUE,
  linqFailureToAppError,
  refusedFieldOf,
} from '../../shared/errors.schema.ts';

const envelope = (status: number, code: number, extra: Record<string, unknown> = {}) => ({
  success: false,
  error: { status, code, message: `linq says ${code}`, ...extra },
  trace_id: 'trace-abc',
});

describe('linqFailureToAppError', () => {
  it.each([
    [400, 1002, 'INVALID_PHONE'],
    [401, 2004, 'KEY_REJECTED'],
    [403, 2005, 'PERMISSION_DENIED'],
    [403, 2006, 'NUMBER_NOT_ALLOWED'],
    [409, 2014, 'CARD_EXISTS'],
    [429, 1007, 'RATE_LIMITED'],
    [500, 2022, 'SETUP_INCOMPLETE'],
    [500, 3006, 'SERVER_ERROR'],
  ] as const)('maps %i/%i to %s with the trace id', (status, code, expected) => {
    const error = linqFailureToAppError({ status, body: envelope(status, code) });
    expect(error.code).toBe(expected);
    expect(error.linqCode).toBe(code);
    expect(error.traceId).toBe('trace-abc');
    expect(error.message).toBe(
      expected === 'RATE_LIMITED' ? error.message : ERROR_CATALOGUE[expected].message,
    );
  });

  it('gives the longer retry delay of a 429, body or header', () => {
    const fromBody = linqFailureToAppError({
      status: 429,
      body: envelope(429, 1007, { retry_after: 30 }),
      retryAfterHeaderSeconds: 5,
    });
    expect(fromBody.retryAfterSeconds).toBe(30);
    expect(fromBody.message).toContain('30 seconds');
    const fromHeader = linqFailureToAppError({
      status: 429,
      body: undefined,
      retryAfterHeaderSeconds: 7,
    });
    expect(fromHeader.retryAfterSeconds).toBe(7);
    expect(fromHeader.code).toBe('RATE_LIMITED');
    const headerLonger = linqFailureToAppError({
      status: 429,
      body: envelope(429, 1007, { retry_after: 1 }),
      retryAfterHeaderSeconds: 20,
    });
    expect(headerLonger.retryAfterSeconds).toBe(20);
  });

  it('builds a readable message for an unknown code from status, code and message', () => {
    const error = linqFailureToAppError({ status: 418, body: envelope(418, 9999) });
    expect(error.code).toBe('LINQ_ERROR');
    expect(error.message).toContain('418');
    expect(error.message).toContain('9999');
    expect(error.message).toContain('linq says 9999');
    expect(describeError(error)).toContain('trace-abc');
  });

  it('maps an unknown code by its status when the status is telling', () => {
    const error = linqFailureToAppError({ status: 503, body: envelope(503, 4242) });
    expect(error.code).toBe('SERVER_ERROR');
    expect(error.detail).toContain('4242');
  });

  it.each([undefined, 'not json at all', { unexpected: true }, [1, 2], null])(
    'survives a malformed body (%j)',
    (body) => {
      const error = linqFailureToAppError({ status: 500, body });
      expect(error.code).toBe('SERVER_ERROR');
      expect(error.traceId).toBeUndefined();
    },
  );

  it('gives every catalogue entry a message and keeps actions', () => {
    for (const code of Object.keys(ERROR_CATALOGUE) as (keyof typeof ERROR_CATALOGUE)[]) {
      expect(appError(code).message.length).toBeGreaterThan(10);
    }
    expect(appError('KEY_REJECTED').action).toBe('open-key-settings');
    expect(appError('CARD_EXISTS').action).toBe('update-instead');
  });
});

describe('the detail a refusal is about', () => {
  const refusal = (status: number, code: number, message: string) =>
    linqFailureToAppError({
      status,
      body: { success: false, error: { status, code, message } },
    });

  it('is the field Linq’s message names, in the app’s words, with Linq’s reason kept', () => {
    const error = refusal(400, 1005, 'last_name must be at most 25 characters');
    expect(error).toMatchObject({
      code: 'INVALID_INPUT',
      field: 'lastName',
      detail: 'last_name must be at most 25 characters',
    });
    expect(refusal(400, 1001, 'first_name is required').field).toBe('firstName');
    expect(refusal(400, 1005, 'image_url must be an https URL').field).toBe('imageUrl');
  });

  it('is the phone number for Linq’s 1002, whatever its words', () => {
    expect(refusal(400, 1002, 'bad format').field).toBe('phoneNumber');
  });

  it('is none when the message names several fields or none, or the answer is not a refusal', () => {
    expect(refusal(400, 1003, 'first_name and last_name must be strings').field).toBeUndefined();
    expect(refusal(400, 1003, 'invalid request body').field).toBeUndefined();
    expect(refusal(500, 3006, 'last_name index broke').field).toBeUndefined();
    expect(refusedFieldOf(undefined, undefined)).toBeUndefined();
  });
});
