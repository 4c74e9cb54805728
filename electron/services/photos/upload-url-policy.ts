// Where the app PUTs a photo: the presigned upload_url Linq's reservation answer names. That
// answer is data from the network, so it is not trusted blindly: the photo (a company's logo or
// a person's face) must not go in clear text, nor to any host an answer names. Linq does not
// document its storage hosts; its own OpenAPI examples name uploads.linqapp.com (and
// cdn.linqapp.com for downloads). The policy:
// - https only, no user name or password in the URL;
// - on Linq's domain (linqapp.com or any subdomain of it), or on the host of the API address
//   in use (an address the user or the host chose, and that already gets the key);
// - on this computer (http allowed) only when the API address in use is itself on this
//   computer: the fake Linq API serves its uploads there, and in a release build such an API
//   address needs the user's approval first (api-address-approval.ts). With Linq's own API an
//   upload_url on loopback is refused: on a shared machine it can be another user's listener.
// No network, no Electron: unit-tested on its own.
import { isLoopbackHost } from '../../../shared/rules.ts';

/** Linq's registrable domain: its storage is expected on it or on a subdomain of it. */
export const LINQ_DOMAIN = 'linqapp.com';

function onLinqDomain(hostname: string): boolean {
  return hostname === LINQ_DOMAIN || hostname.endsWith(`.${LINQ_DOMAIN}`);
}

/** Null when the photo may be PUT to `uploadUrl`; otherwise why not, for the error's detail. */
export function uploadUrlProblem(uploadUrl: string, apiBaseUrl: string): string | null {
  let upload: URL;
  let api: URL;
  try {
    upload = new URL(uploadUrl);
    api = new URL(apiBaseUrl);
  } catch {
    return 'the upload address is not a valid URL';
  }
  if (upload.username || upload.password) return 'the upload address carries a user name';
  if (isLoopbackHost(upload.hostname)) {
    if (upload.protocol !== 'https:' && upload.protocol !== 'http:') {
      return `the upload address uses ${upload.protocol}`;
    }
    return isLoopbackHost(api.hostname)
      ? null
      : `the upload address is on this computer (${upload.host}) but the API is not`;
  }
  if (upload.protocol !== 'https:') return `the upload address is not https (${upload.host})`;
  if (onLinqDomain(upload.hostname) || upload.hostname === api.hostname) return null;
  return `the upload address is not Linq's (${upload.host})`;
}
