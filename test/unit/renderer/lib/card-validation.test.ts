// The renderer's form validation: the same rules main applies, and nothing submittable before
// the phone rules have loaded.
import { describe, expect, it } from 'vitest';
import * as phoneRules from '../../../../shared/phone.ts';
import {
  EMPTY_CARD_FORM,
  firstInvalidField,
  validateCardForm,
} from '../../../../renderer/src/lib/card-validation.ts';

const filled = { firstName: ' Acme ', lastName: '', phone: '(415) 555-0132', imageUrl: '' };

describe('validateCardForm', () => {
  it('produces what main accepts: trimmed names, E.164, no empty optional fields', () => {
    expect(validateCardForm(filled, 'US', phoneRules).input).toEqual({
      phoneNumber: '+14155550132',
      firstName: 'Acme',
    });
  });

  it('reports each invalid field with its message, in screen order', () => {
    const result = validateCardForm(
      { ...EMPTY_CARD_FORM, phone: '12', imageUrl: 'http://x.example/a.png' },
      'US',
      phoneRules,
    );
    expect(result.input).toBeNull();
    expect(result.errors).toEqual({
      firstName: 'Enter a first name.',
      phone: 'This number is too short.',
      imageUrl: 'Use a full https:// address of the image.',
    });
    // The phone line comes first on screen, so its error gets the focus first.
    expect(firstInvalidField(result.errors)).toBe('phone');
    const { phone: _phone, ...withoutPhone } = result.errors;
    expect(firstInvalidField(withoutPhone)).toBe('firstName');
  });

  it('never offers something to send before the phone rules are loaded', () => {
    const result = validateCardForm(filled, 'US', null);
    expect(result.input).toBeNull();
    expect(result.phone).toBeNull();
    expect(result.errors.phone).toBeUndefined();
  });
});
