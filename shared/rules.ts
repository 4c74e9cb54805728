// Plain validation rules for what people type: names, image URLs, the API key, the API base
// URL. The renderer runs them as the user types (without loading zod, which would cost its
// startup); main's zod schemas (card.ts, settings.ts, api-key.ts) are built from the same
// functions, so the form and main cannot disagree.

export type RuleResult = { ok: true; value: string } | { ok: false; message: string };

/** iMessage shows short names; 64 characters leaves room for any real name or brand. */
export const NAME_MAX_LENGTH = 64;
export const IMAGE_URL_MAX_LENGTH = 2048;
export const LINQ_PRODUCTION_BASE_URL = 'https://api.linqapp.com/api/partner';

export function checkFirstName(input: string): RuleResult {
  const value = input.trim();
  if (value === '') return { ok: false, message: 'Enter a first name.' };
  if (value.length > NAME_MAX_LENGTH) {
    return { ok: false, message: `Keep the first name to ${NAME_MAX_LENGTH} characters.` };
  }
  return { ok: true, value };
}

export function checkLastName(input: string): RuleResult {
  const value = input.trim();
  if (value.length > NAME_MAX_LENGTH) {
    return { ok: false, message: `Keep the last name to ${NAME_MAX_LENGTH} characters.` };
  }
  return { ok: true, value };
}

export function isHttpsUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === 'https:' && url.hostname !== '';
  } catch {
    return false;
  }
}

/** Linq copies the image from a public HTTPS URL, so nothing else is accepted. */
export function checkImageUrl(input: string): RuleResult {
  const value = input.trim();
  if (value.length > IMAGE_URL_MAX_LENGTH)
    return { ok: false, message: 'This address is too long.' };
  if (!isHttpsUrl(value))
    return { ok: false, message: 'Use a full https:// address of the image.' };
  return { ok: true, value };
}

/** A key as typed or pasted: printable ASCII without spaces, as API keys are. */
export function checkApiKey(input: string): RuleResult {
  const value = input.trim();
  if (value.length < 8)
    return { ok: false, message: 'This key is too short to be a Linq API key.' };
  if (value.length > 512)
    return { ok: false, message: 'This key is too long to be a Linq API key.' };
  if (!/^[\x21-\x7e]+$/.test(value)) {
    return { ok: false, message: 'An API key has no spaces or special characters.' };
  }
  return { ok: true, value };
}

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]', '::1']);

export function isLoopbackHost(hostname: string): boolean {
  return LOOPBACK_HOSTS.has(hostname) || /^127(\.\d{1,3}){3}$/.test(hostname);
}

/**
 * The API base URL must be https, except on this machine's loopback (the fake Linq API or a
 * local proxy): an API key must never travel in clear text over a network. Returns the
 * problem, or null when the address is acceptable.
 */
export function checkBaseUrl(value: string): string | null {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return 'Enter a full address, such as https://api.linqapp.com/api/partner.';
  }
  if (url.username || url.password) return 'The address must not contain a user name or password.';
  if (url.search || url.hash) return 'The address must not contain ? or # parts.';
  if (url.protocol === 'https:') return null;
  if (url.protocol === 'http:' && isLoopbackHost(url.hostname)) return null;
  if (url.protocol === 'http:') {
    return 'Use https://. Plain http:// is only allowed for this computer (localhost).';
  }
  return 'The address must start with https://.';
}
