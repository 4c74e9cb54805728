// "Update the existing card instead": main sends what this rule returns, and the decision
// dialog offers "Mark as done" when it returns null, so both must read it the same way.
import { describe, expect, it } from 'vitest';
import type { Card } from '../../shared/card.schema.ts';
import { updateInsteadFields } from '../../shared/outbox.rules.ts';
import { outboxItem } from '../support/outbox-item.ts';

const atLinq: Card = {
  phoneNumber: '+14155550132',
  firstName: 'Acme',
  lastName: 'Store',
  imageUrl: 'https://example.com/a.png',
  isActive: true,
};
const photo = { sha256: 'a'.repeat(64), contentType: 'image/jpeg' as const };

describe('updateInsteadFields', () => {
  it('sends only the fields that differ from the card at Linq', () => {
    const item = outboxItem({ fields: { firstName: 'Acme', lastName: 'Shop' } });
    expect(updateInsteadFields(item, atLinq)).toEqual({ lastName: 'Shop' });
  });

  it('sends nothing when the card at Linq already says all of it', () => {
    const item = outboxItem({
      fields: { firstName: 'Acme', lastName: 'Store', imageUrl: 'https://example.com/a.png' },
    });
    expect(updateInsteadFields(item, atLinq)).toBeNull();
  });

  it('clears a last name the setup left empty, as the setup would have', () => {
    const item = outboxItem({ fields: { firstName: 'Acme' } });
    expect(updateInsteadFields(item, atLinq)).toEqual({ lastName: '' });
  });

  it('keeps a photo not uploaded yet, even when the names already match', () => {
    const item = outboxItem({ fields: { firstName: 'Acme', lastName: 'Store', photo } });
    expect(updateInsteadFields(item, atLinq)).toEqual({ photo });
    const renamed = outboxItem({ fields: { firstName: 'Acme Co', lastName: 'Store', photo } });
    expect(updateInsteadFields(renamed, atLinq)).toEqual({ firstName: 'Acme Co', photo });
  });

  it('compares an uploaded photo by the image URL it became', () => {
    const uploaded = outboxItem({
      fields: { firstName: 'Acme', lastName: 'Store', imageUrl: atLinq.imageUrl!, photo },
    });
    expect(updateInsteadFields(uploaded, atLinq)).toBeNull();
  });

  it('sends every field when the card at Linq could not be read', () => {
    const item = outboxItem({ fields: { firstName: 'Acme', lastName: 'Store' } });
    expect(updateInsteadFields(item, null)).toEqual({ firstName: 'Acme', lastName: 'Store' });
  });
});
