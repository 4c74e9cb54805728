import { describe, expect, it } from 'vitest';
import { CardSetupSchema, CardUpdateSchema } from '../../shared/card.schema.ts';
import { changedFields } from '../../shared/card.rules.ts';
import { SettingsSchema } from '../../shared/settings.schema.ts';
import { checkBaseUrl, NAME_MAX_LENGTH } from '../../shared/rules.ts';

describe('card schemas', () => {
  it('trims names and requires a first name', () => {
    expect(
      CardSetupSchema.parse({ phoneNumber: '+14155550132', firstName: '  Acme ' }).firstName,
    ).toBe('Acme');
    expect(
      CardSetupSchema.safeParse({ phoneNumber: '+14155550132', firstName: '   ' }).success,
    ).toBe(false);
    expect(
      CardSetupSchema.safeParse({
        phoneNumber: '+14155550132',
        firstName: 'x'.repeat(NAME_MAX_LENGTH + 1),
      }).success,
    ).toBe(false);
  });

  it('accepts only https image URLs and valid E.164 numbers', () => {
    const base = { phoneNumber: '+14155550132', firstName: 'Acme' };
    expect(
      CardSetupSchema.safeParse({ ...base, imageUrl: 'https://cdn.example.com/a.png' }).success,
    ).toBe(true);
    expect(
      CardSetupSchema.safeParse({ ...base, imageUrl: 'http://cdn.example.com/a.png' }).success,
    ).toBe(false);
    expect(CardSetupSchema.safeParse({ ...base, imageUrl: 'javascript:alert(1)' }).success).toBe(
      false,
    );
    expect(CardSetupSchema.safeParse({ ...base, phoneNumber: '(415) 555-0132' }).success).toBe(
      false,
    );
    expect(CardSetupSchema.safeParse({ ...base, extra: 1 }).success).toBe(false);
  });

  it('refuses an update that changes nothing', () => {
    expect(CardUpdateSchema.safeParse({ phoneNumber: '+14155550132' }).success).toBe(false);
    expect(CardUpdateSchema.safeParse({ phoneNumber: '+14155550132', lastName: '' }).success).toBe(
      true,
    );
  });
});

describe('changedFields', () => {
  const existing = {
    phoneNumber: '+14155550132',
    firstName: 'Acme',
    lastName: 'Support',
    imageUrl: null,
    isActive: true,
  };

  it('keeps only the fields that differ', () => {
    expect(
      changedFields(existing, {
        phoneNumber: '+14155550132',
        firstName: 'Acme',
        lastName: 'Sales',
      }),
    ).toEqual({
      phoneNumber: '+14155550132',
      lastName: 'Sales',
    });
  });

  it('returns null when nothing differs, and everything when there is no existing card', () => {
    expect(
      changedFields(existing, {
        phoneNumber: '+14155550132',
        firstName: 'Acme',
        lastName: 'Support',
      }),
    ).toBeNull();
    expect(changedFields(null, { phoneNumber: '+14155550132', firstName: 'Acme' })).toEqual({
      phoneNumber: '+14155550132',
      firstName: 'Acme',
      lastName: '',
    });
  });
});

describe('base URL rules', () => {
  it('allows https anywhere and http only on loopback', () => {
    expect(checkBaseUrl('https://api.linqapp.com/api/partner')).toBeNull();
    expect(checkBaseUrl('http://127.0.0.1:8080/api/partner')).toBeNull();
    expect(checkBaseUrl('http://localhost:8080')).toBeNull();
    expect(checkBaseUrl('http://[::1]:8080')).toBeNull();
    expect(checkBaseUrl('http://api.linqapp.com/api/partner')).toMatch(/https/);
    expect(checkBaseUrl('http://127.0.0.1.evil.com/')).toMatch(/https/);
    expect(checkBaseUrl('ftp://localhost')).not.toBeNull();
    expect(checkBaseUrl('https://user:pw@api.linqapp.com')).not.toBeNull();
    expect(checkBaseUrl('not a url')).not.toBeNull();
  });

  it('normalises a trailing slash and validates the country', () => {
    expect(
      SettingsSchema.parse({
        apiBaseUrl: 'https://x.example/api/',
        defaultCountry: 'GB',
        lateSendLimitHours: 12,
      }).apiBaseUrl,
    ).toBe('https://x.example/api');
    expect(
      SettingsSchema.safeParse({
        apiBaseUrl: 'https://x.example',
        defaultCountry: 'ZZ',
        lateSendLimitHours: 12,
      }).success,
    ).toBe(false);
  });
});
