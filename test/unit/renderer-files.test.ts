// What the app:// handler serves: only files inside the built renderer, whatever the URL's
// dots, %-escapes or host, and every answer with the CSP and nosniff headers.
import { mkdtemp, mkdir, rm, symlink, writeFile } from 'node:fs/promises';
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
import { serveDirectory } from '../e2e/hosts/static-server.ts';

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
  // Links planted inside the folder: to a file outside, to a folder outside, and one that
  // stays inside (which is harmless and served).
  await symlink(join(base, 'secret.txt'), join(root, 'planted.txt'));
  await symlink(join(base, 'renderer-evil'), join(root, 'assets', 'planted-dir'));
  await symlink(join(root, 'index.html'), join(root, 'assets', 'index-link.html'));
  // The renderer folder reached through a link of its own (an install path with a link in it).
  await symlink(root, join(base, 'renderer-link'));
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

describe('symlinks inside the renderer folder', () => {
  it('app:// serves no file whose real path is outside the folder', async () => {
    for (const url of [`${APP_ORIGIN}/planted.txt`, `${APP_ORIGIN}/assets/planted-dir/x.js`]) {
      const response = await serveAppRequest(root, url);
      expect(response.status, url).toBe(404);
      const text = await response.text();
      expect(text).not.toContain('not for the page');
      expect(text).not.toContain('alert(1)');
    }
  });

  it('serves a link that stays inside, and a folder that is itself reached by a link', async () => {
    const inside = await serveAppRequest(root, `${APP_ORIGIN}/assets/index-link.html`);
    expect(inside.status).toBe(200);
    expect(await inside.text()).toContain('<title>app</title>');
    const viaLink = await serveAppRequest(join(base, 'renderer-link'), `${APP_ORIGIN}/index.html`);
    expect(viaLink.status).toBe(200);
  });

  it('the e2e browser host’s loopback server refuses the same links', async () => {
    const server = await serveDirectory(root);
    try {
      const planted = await fetch(`${server.origin}/planted.txt`);
      expect(planted.status).toBe(404);
      expect(await planted.text()).not.toContain('not for the page');
      expect((await fetch(`${server.origin}/assets/planted-dir/x.js`)).status).toBe(404);
      expect((await fetch(`${server.origin}/index.html`)).status).toBe(200);
    } finally {
      await server.close();
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
