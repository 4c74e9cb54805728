import { describe, expect, it } from 'vitest';
import { createSenderCheck } from '../../electron/main/trusted-sender.ts';

describe('createSenderCheck', () => {
  it('trusts only the app origin in production', () => {
    const trusted = createSenderCheck('app://renderer', undefined);
    expect(trusted('app://renderer/index.html')).toBe(true);
    expect(trusted('app://renderer/')).toBe(true);
    expect(trusted('app://other/index.html')).toBe(false);
    expect(trusted('http://localhost:5173/')).toBe(false);
    expect(trusted('file:///tmp/evil.html')).toBe(false);
    expect(trusted('data:text/html,hi')).toBe(false);
    expect(trusted('https://docs.linqapp.com/')).toBe(false);
    expect(trusted('not a url')).toBe(false);
    expect(trusted('')).toBe(false);
    expect(trusted('about:blank')).toBe(false);
    expect(trusted('blob:app://renderer/6d2c1c38-0b6f-4a44-9d1b-6a4b4f4f0e11')).toBe(false);
    expect(trusted('app://renderer:8080/index.html')).toBe(false);
    expect(trusted('app://renderer.evil/index.html')).toBe(false);
    expect(trusted('app://user@renderer/index.html')).toBe(false);
    expect(trusted('app:renderer/index.html')).toBe(false);
  });

  it('also trusts the dev server, and only its exact origin', () => {
    const trusted = createSenderCheck('app://renderer', 'http://localhost:5173/');
    expect(trusted('http://localhost:5173/index.html')).toBe(true);
    expect(trusted('http://localhost:5174/index.html')).toBe(false);
    expect(trusted('http://127.0.0.1:5173/')).toBe(false);
  });
});
