import { describe, expect, it } from 'vitest';
import { allowedExternalUrl } from '../../electron/main/external-links.ts';

/** Whether main would open the address at all (allowedExternalUrl gives it back, or null). */
const allowed = (value: unknown) => allowedExternalUrl(value) !== null;

describe('allowedExternalUrl, as a yes or no', () => {
  it('allows Linq’s documentation over https, as Linq’s errors link to it', () => {
    for (const url of [
      'https://docs.linqapp.com/',
      'https://docs.linqapp.com/error/codes/1xxx/1007/',
      'https://docs.linqapp.com/guides/phone-numbers/phone-reputation#at_risk',
      'https://docs.linqapp.com/search?q=contact+card',
      'https://DOCS.LINQAPP.COM/x', // host names are case-insensitive
      'https://docs.linqapp.com:443/x', // the default port, written out
    ]) {
      expect(allowed(url), url).toBe(true);
    }
  });

  it('refuses other schemes, hosts, ports, credentials and lookalikes', () => {
    for (const url of [
      'http://docs.linqapp.com/',
      'file:///etc/passwd',
      'javascript:alert(1)',
      'data:text/html,<script>alert(1)</script>',
      'smb://docs.linqapp.com/share',
      'ms-msdt:/id PCWDiagnostic',
      'app://renderer/index.html',
      'https://linqapp.com/', // the UI links only to the docs
      'https://evil.example/',
      'https://docs.linqapp.com.evil.example/',
      'https://evil.example/?https://docs.linqapp.com/',
      'https://evil.example#https://docs.linqapp.com/',
      'https://sub.docs.linqapp.com/',
      'https://docs.linqapp.com./', // trailing dot: another host name to the resolver
      'https://docs-linqapp.com/',
      'https://docs.linqapp.com:8443/',
      'https://user:pass@docs.linqapp.com/',
      'https://user@docs.linqapp.com/',
      'https://docs.linqapp.com@evil.example/',
      'https://xn--dcs-lqa.linqapp.com/', // punycode lookalike
      '//docs.linqapp.com/',
      'docs.linqapp.com',
      '',
      `https://docs.linqapp.com/${'a'.repeat(3000)}`,
    ]) {
      expect(allowed(url), url).toBe(false);
    }
  });

  it('refuses anything that is not a string', () => {
    for (const value of [undefined, null, 42, {}, ['https://docs.linqapp.com/']]) {
      expect(allowed(value)).toBe(false);
    }
  });

  it('hands over the normalised URL, not the string it was given', () => {
    expect(allowedExternalUrl('https://DOCS.linqapp.com:443/a b')).toBe(
      'https://docs.linqapp.com/a%20b',
    );
  });
});
