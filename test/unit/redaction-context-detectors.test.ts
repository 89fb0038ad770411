import { describe, expect, it } from 'vitest';
import { redactPii } from '../../shared/domain/redaction/redact-pii';

// The detectors of issue #17: values whose context says what they are.

/** Appends the Luhn check digit, computed here and not by the code under test. */
function luhnComplete(body: string): string {
  for (let d = 0; d <= 9; d += 1) {
    const candidate = `${body}${d}`;
    const sum = [...candidate].reverse().reduce((acc, c, i) => {
      const n = Number(c) * (i % 2 === 1 ? 2 : 1);
      return acc + (n > 9 ? n - 9 : n);
    }, 0);
    if (sum % 10 === 0) return candidate;
  }
  throw new Error('unreachable');
}
const groupBy4 = (s: string) => s.match(/.{1,4}/g)?.join(' ') ?? s;
const typesOf = (text: string) => redactPii(text).entities.map((e) => e.type);

/** Asserts that `value`, found in `text`, is redacted as exactly one entity of `type` spanning it. */
function expectRedactedAs(text: string, value: string, type: string): void {
  const start = text.indexOf(value);
  expect(start, `"${value}" must be in the text`).toBeGreaterThanOrEqual(0);
  const { text: out, entities } = redactPii(text);
  expect(entities).toContainEqual({ type, start, end: start + value.length });
  expect(out).not.toContain(value);
}

/** Asserts that nothing in `text` is redacted. */
function expectUntouched(text: string): void {
  const result = redactPii(text);
  expect(result.entities).toEqual([]);
  expect(result.text).toBe(text);
}

describe('redactPii: card numbers in a card context', () => {
  const amexPrefixed16 = groupBy4(luhnComplete('341256789012345'));
  const noNetwork19 = groupBy4(luhnComplete('901234567890123456'));

  it.each([
    ['Paiement refusé avec ma carte NUMBER hier', amexPrefixed16],
    ['My card number is NUMBER, charged twice', amexPrefixed16],
    ['CB NUMBER refusée au terminal', noNetwork19],
    ['Carte bancaire n° NUMBER', luhnComplete('123456789012')],
    ['Debit card no. NUMBER was charged', noNetwork19.replace(/ /g, '-')],
  ])('redacts a Luhn-valid number whatever its issuer: %s', (template, number) => {
    expectRedactedAs(template.replace('NUMBER', number), number, 'CARD');
  });

  it('still needs the Luhn check in a card context', () => {
    const wrong = amexPrefixed16.replace(/\d$/, (d) => String((Number(d) + 1) % 10));
    expect(typesOf(`ma carte ${wrong}`)).not.toContain('CARD');
  });

  it('needs the context: the same number alone, or after the end of the sentence, is not a card', () => {
    expectUntouched(`numéro ${amexPrefixed16} ok`);
    expect(typesOf(`Payé par carte! Colis ${amexPrefixed16}`)).not.toContain('CARD');
  });

  it('takes a 13-digit EAN barcode for a product, not a card, outside a card context', () => {
    expectUntouched('Item 5901234123457 was out of stock');
  });
});
