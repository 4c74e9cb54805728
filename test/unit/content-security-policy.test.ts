import { describe, expect, it } from 'vitest';
import {
  CONTENT_SECURITY_POLICY,
  buildContentSecurityPolicy,
} from '../../electron/main/content-security-policy.ts';

/** Directive name to its sources, as a browser would split the header. */
function parse(policy: string): Map<string, string[]> {
  const directives = new Map<string, string[]>();
  for (const part of policy.split(';')) {
    const [name, ...sources] = part.trim().split(/\s+/);
    if (!name) continue;
    expect(directives.has(name), `${name} appears once`).toBe(false);
    directives.set(name, sources);
  }
  return directives;
}

describe('the production Content-Security-Policy', () => {
  const policy = parse(CONTENT_SECURITY_POLICY);

  it('is what buildContentSecurityPolicy gives without a dev server', () => {
    expect(buildContentSecurityPolicy()).toBe(CONTENT_SECURITY_POLICY);
    expect(buildContentSecurityPolicy({ devServerUrl: undefined })).toBe(CONTENT_SECURITY_POLICY);
  });

  it('allows nothing by default, and never inline code, eval or remote scripts', () => {
    expect(policy.get('default-src')).toEqual(["'none'"]);
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/unsafe-inline|unsafe-eval|unsafe-hashes|\*/);
    expect(policy.get('script-src')).toEqual(["'self'"]);
    expect(policy.get('style-src')).toEqual(["'self'"]);
  });

  it('lets the app start a module worker from its own files, and from nowhere else', () => {
    expect(policy.get('worker-src')).toEqual(["'self'"]);
  });

  it('draws photo previews and card photos (blob:, data:) and loads no image from elsewhere', () => {
    // Card photos are fetched by main and handed over as bytes (card-images.ts).
    expect(policy.get('img-src')?.sort()).toEqual(["'self'", 'blob:', 'data:'].sort());
  });

  it('makes no network connections: all of them are main’s', () => {
    expect(policy.get('connect-src')).toEqual(["'none'"]);
  });

  it('refuses plugins, frames, forms, <base> and being framed', () => {
    for (const name of ['object-src', 'frame-src', 'form-action', 'base-uri', 'frame-ancestors']) {
      expect(policy.get(name), name).toEqual(["'none'"]);
    }
  });
});

describe('the development policy', () => {
  const policy = parse(buildContentSecurityPolicy({ devServerUrl: 'http://localhost:5173/' }));

  it('adds only what the dev server needs: its hot-reload socket and inline code', () => {
    expect(policy.get('connect-src')).toEqual([
      "'self'",
      'http://localhost:5173',
      'ws://localhost:5173',
    ]);
    expect(policy.get('script-src')).toEqual(["'self'", "'unsafe-inline'"]);
    expect(policy.get('style-src')).toEqual(["'self'", "'unsafe-inline'"]);
    expect(policy.get('worker-src')).toEqual(["'self'"]);
    expect(policy.get('default-src')).toEqual(["'none'"]);
    expect(policy.get('img-src')).toEqual(parse(CONTENT_SECURITY_POLICY).get('img-src'));
    expect([...policy.values()].flat()).not.toContain("'unsafe-eval'");
  });

  it('uses wss: for an https dev server, and ignores a dev server URL that is not http(s)', () => {
    const secure = parse(buildContentSecurityPolicy({ devServerUrl: 'https://127.0.0.1:4443' }));
    expect(secure.get('connect-src')).toContain('wss://127.0.0.1:4443');
    for (const bad of ['file:///tmp/x.html', 'not a url', 'javascript:alert(1)']) {
      expect(buildContentSecurityPolicy({ devServerUrl: bad })).toBe(CONTENT_SECURITY_POLICY);
    }
  });
});
