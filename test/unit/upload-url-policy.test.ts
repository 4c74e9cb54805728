// Which presigned upload addresses a photo may be PUT to (upload-url-policy.ts says why).
import { describe, expect, it } from 'vitest';
import { uploadUrlProblem } from '../../electron/services/photos/upload-url-policy.ts';
import { LINQ_PRODUCTION_BASE_URL } from '../../shared/rules.ts';

const LINQ = LINQ_PRODUCTION_BASE_URL;
const FAKE = 'http://127.0.0.1:4010/api/partner';

describe('uploadUrlProblem', () => {
  it('allows https on Linq’s domain and on the API’s own host', () => {
    for (const url of [
      'https://uploads.linqapp.com/attachments/abc?X-Amz-Signature=1',
      'https://linqapp.com/u/1',
      'https://eu.storage.linqapp.com/u/1',
    ]) {
      expect(uploadUrlProblem(url, LINQ), url).toBe(null);
    }
    expect(uploadUrlProblem('https://relay.corp/u/1', 'https://relay.corp/linq')).toBe(null);
  });

  it('refuses plain http, other hosts and look-alikes of Linq’s domain', () => {
    for (const url of [
      'http://uploads.linqapp.com/attachments/abc',
      'https://uploads.attacker.example/attachments/abc',
      'https://linqapp.com.attacker.example/u',
      'https://evillinqapp.com/u',
      'https://user:pw@uploads.linqapp.com/u',
      'ftp://uploads.linqapp.com/u',
      'not a url',
    ]) {
      expect(uploadUrlProblem(url, LINQ), url).not.toBe(null);
    }
  });

  it('allows this computer only while the API itself is on this computer (the fake Linq API)', () => {
    for (const url of [
      'http://127.0.0.1:4010/__upload/1',
      'http://localhost:4010/u',
      'http://[::1]:4010/u',
      'http://0x7f000001:4010/u',
    ]) {
      expect(uploadUrlProblem(url, FAKE), url).toBe(null);
      expect(uploadUrlProblem(url, LINQ), url).toMatch(/on this computer/);
    }
  });
});
