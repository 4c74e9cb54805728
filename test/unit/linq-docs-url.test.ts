// The error alert links to Linq's page about an error (the `doc_url` of Linq's error envelope)
// only when main would open it: the page's check and main's allowlist agree on every case.
import { describe, expect, it } from 'vitest';
import { allowedExternalUrl } from '../../electron/main/external-links.ts';
import { linqDocsUrl } from '../../renderer/src/components/linq-docs-url.ts';

const CASES: [string, string | null][] = [
  [
    'https://docs.linqapp.com/error/codes/1xxx/1007/',
    'https://docs.linqapp.com/error/codes/1xxx/1007/',
  ],
  [
    'https://DOCS.linqapp.com:443/guides/phone-numbers/phone-reputation#at_risk',
    'https://docs.linqapp.com/guides/phone-numbers/phone-reputation#at_risk',
  ],
  ['http://docs.linqapp.com/error/codes/1xxx/1007/', null],
  ['https://docs.linqapp.com.attacker.example/', null],
  ['https://attacker.example/?https://docs.linqapp.com/', null],
  ['https://user:pw@docs.linqapp.com/', null],
  ['https://docs.linqapp.com:8443/', null],
  ['javascript:alert(1)//docs.linqapp.com', null],
  ['file:///etc/passwd', null],
  ['/error/codes/1xxx/1007/', null],
  [`https://docs.linqapp.com/${'a'.repeat(3000)}`, null],
];

describe('linqDocsUrl', () => {
  it.each(CASES)('%s → %s', (input, expected) => {
    expect(linqDocsUrl(input)).toBe(expected);
  });

  it('shows nothing for an error without a doc_url', () => {
    expect(linqDocsUrl(undefined)).toBeNull();
  });

  it('agrees with the allowlist main opens links with', () => {
    for (const [input] of CASES) expect(linqDocsUrl(input), input).toBe(allowedExternalUrl(input));
  });
});
