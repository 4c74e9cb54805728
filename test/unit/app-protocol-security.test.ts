// What the app:// handler serves: only files inside the built renderer, whatever the URL's
// dots, %-escapes or host, and every answer with the CSP and nosniff headers.
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, sep } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONTENT_SECURITY_POLICY } from '../../electron/main/content-security-policy.ts';
import {
  APP_ORIGIN,
  contentTypeFor,
  resolveAppUrl,
  resolveRendererPath,
  serveAppRequest,
} from '../../electron/main/renderer-files.ts';

let base: string;
let root: string;

beforeAll(async () => {
  base = await mkdtemp(join(tmpdir(), 'linq-app-protocol-'));
  root = join(base, 'renderer');
  await mkdir(join(root, 'assets'), { recursive: true });
  await writeFile(join(root, 'index.html'), '<!doctype html><title>app</title>');
  await writeFile(join(root, 'assets', 'main-1a2b.js'), 'export {};');
  await writeFile(join(root, 'assets', 'name with space.css'), 'body{}');
  // Siblings of the renderer folder that a traversal would reach.
  await writeFile(join(base, 'secret.txt'), 'not for the page');
  await mkdir(join(base, 'renderer-evil'));
  await writeFile(join(base, 'renderer-evil', 'x.js'), 'alert(1)');
});

afterAll(async () => {
  await rm(base, { recursive: true, force: true });
});

describe('resolveRendererPath', () => {
  it('maps paths inside the folder, %-escapes decoded, and / to the index page', () => {
    expect(resolveRendererPath(root, '/')).toBe(join(root, 'index.html'));
    expect(resolveRendererPath(root, '')).toBe(join(root, 'index.html'));
    expect(resolveRendererPath(root, '/index.html')).toBe(join(root, 'index.html'));
    expect(resolveRendererPath(root, '/assets/main-1a2b.js')).toBe(
      join(root, 'assets', 'main-1a2b.js'),
    );
    expect(resolveRendererPath(root, '/assets/name%20with%20space.css')).toBe(
      join(root, 'assets', 'name with space.css'),
    );
    // Dots that stay inside are fine.
    expect(resolveRendererPath(root, '/assets/../index.html')).toBe(join(root, 'index.html'));
  });

  it('refuses every way out of the folder', () => {
    for (const path of [
      '/../secret.txt',
      '/..',
      '/assets/../../secret.txt',
      '/%2e%2e/secret.txt',
      '/%2E%2E%2Fsecret.txt',
      '/..%2fsecret.txt',
      '/..%2F..%2F..%2Fetc%2Fpasswd',
      '/../renderer-evil/x.js', // a sibling whose name starts like the folder's
    ]) {
      expect(resolveRendererPath(root, path), path).toBeNull();
    }
    // An absolute path, escaped, is still a path under the folder.
    const absolute = join(base, 'secret.txt');
    expect(resolveRendererPath(root, `/${encodeURIComponent(absolute)}`)).toBe(
      join(root, absolute),
    );
    // ..\ climbs on Windows; on POSIX a backslash is an ordinary character of a name.
    const backslash = resolveRendererPath(root, '/%2e%2e%5csecret.txt');
    if (sep === '\\') expect(backslash).toBeNull();
    else expect(backslash).toBe(join(root, '..\\secret.txt'));
  });

  it('refuses malformed %-escapes and NUL bytes', () => {
    expect(resolveRendererPath(root, '/%')).toBeNull();
    expect(resolveRendererPath(root, '/%zz.js')).toBeNull();
    expect(resolveRendererPath(root, '/%E0%A4%A.js')).toBeNull();
    expect(resolveRendererPath(root, '/index.html%00.js')).toBeNull();
  });
});

describe('resolveAppUrl', () => {
  it('serves only app://renderer', () => {
    expect(resolveAppUrl(root, `${APP_ORIGIN}/index.html`)).toBe(join(root, 'index.html'));
    expect(resolveAppUrl(root, `${APP_ORIGIN}/index.html?x=1#y`)).toBe(join(root, 'index.html'));
    for (const url of [
      'app://other/index.html',
      'app://renderer.evil/index.html',
      'app://renderer:8080/index.html',
      'app://user@renderer/index.html',
      'app:///index.html',
      'http://renderer/index.html',
      'file:///index.html',
      'not a url',
    ]) {
      expect(resolveAppUrl(root, url), url).toBeNull();
    }
  });

  it('resolves the URL’s dots before the path is looked at', () => {
    // URL parsing folds /../ and %2e%2e into the path; nothing may climb above the root.
    expect(resolveAppUrl(root, 'app://renderer/../secret.txt')).toBe(join(root, 'secret.txt'));
    expect(resolveAppUrl(root, 'app://renderer/%2e%2e/%2e%2e/secret.txt')).toBe(
      join(root, 'secret.txt'),
    );
    expect(resolveAppUrl(root, 'app://renderer/..%2f..%2fsecret.txt')).toBeNull();
  });
});

describe('serveAppRequest', () => {
  it('answers with the file, its type, the CSP and nosniff', async () => {
    const response = await serveAppRequest(root, `${APP_ORIGIN}/assets/main-1a2b.js`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(response.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(await response.text()).toBe('export {};');
  });

  it('answers 404, with the same headers, for anything outside, missing or a folder', async () => {
    for (const url of [
      'app://renderer/..%2fsecret.txt',
      'app://other/index.html',
      'app://renderer/missing.js',
      'app://renderer/assets',
      'app://renderer/%',
    ]) {
      const response = await serveAppRequest(root, url);
      expect(response.status, url).toBe(404);
      expect(response.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
      expect(await response.text()).not.toContain('not for the page');
    }
  });
});

describe('contentTypeFor', () => {
  it('names the types the build emits, and serves anything else as inert bytes', () => {
    expect(contentTypeFor('/x/index.html')).toBe('text/html; charset=utf-8');
    expect(contentTypeFor('/x/a.JS')).toBe('text/javascript; charset=utf-8');
    expect(contentTypeFor('/x/a.css')).toBe('text/css; charset=utf-8');
    expect(contentTypeFor('/x/a.svg')).toBe('image/svg+xml');
    expect(contentTypeFor('/x/a.woff2')).toBe('font/woff2');
    expect(contentTypeFor('/x/a.exe')).toBe('application/octet-stream');
    expect(contentTypeFor('/x/noextension')).toBe('application/octet-stream');
  });
});
