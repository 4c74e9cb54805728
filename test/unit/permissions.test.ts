import { describe, expect, it } from 'vitest';
import { createPermissionCheck } from '../../electron/main/permissions.ts';
import { createSenderCheck } from '../../electron/main/trusted-sender.ts';

const permitted = createPermissionCheck(createSenderCheck('app://renderer', undefined));

describe('browser permissions', () => {
  it('lets only the app’s own page write to the clipboard', () => {
    expect(permitted('clipboard-sanitized-write', 'app://renderer/index.html')).toBe(true);
    expect(permitted('clipboard-sanitized-write', 'app://renderer')).toBe(true);
  });

  it('refuses clipboard writes from any other page, or with no page named', () => {
    for (const url of [
      'https://docs.linqapp.com/',
      'file:///etc/passwd',
      'app://other/',
      'data:,x',
    ]) {
      expect(permitted('clipboard-sanitized-write', url)).toBe(false);
    }
    expect(permitted('clipboard-sanitized-write', undefined)).toBe(false);
  });

  it('refuses every other permission, even to the app’s own page', () => {
    for (const permission of [
      'clipboard-read',
      'media',
      'notifications',
      'geolocation',
      'midi',
      'openExternal',
      'fullscreen',
      'hid',
      'unknown',
    ]) {
      expect(permitted(permission, 'app://renderer/index.html')).toBe(false);
    }
  });
});
