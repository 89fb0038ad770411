import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { sqsJson } from '../../shared/adapters/sqs-body';

/** What SQS accepts in a message body (its documented character set). */
const SQS_ALLOWED = /^[\t\n\r\u0020-\ud7ff\ue000-\ufffd]*$/;

describe('sqsJson', () => {
  it('keeps emoji and accents readable after the round trip, with only SQS-allowed characters on the wire', () => {
    const envelope = { text: 'Livraison rapide 😀 merci, très content 👍🏽', subject: 'Re: 🎉' };
    const body = sqsJson(envelope);
    expect(body).toMatch(SQS_ALLOWED);
    expect(JSON.parse(body)).toEqual(envelope);
  });

  it('escapes lone surrogates and U+FFFE/U+FFFF, which SQS itself refuses', () => {
    const broken = { text: `a\ud800b\udfffc\ufffed\uffff` };
    const body = sqsJson(broken);
    expect(body).toMatch(SQS_ALLOWED);
    expect(JSON.parse(body)).toEqual(broken);
  });

  it('round-trips any string exactly, always within the SQS character set', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), fc.string({ unit: 'grapheme' }), (a, b) => {
        const value = { a, b, nested: [a, { b }] };
        const body = sqsJson(value);
        expect(body).toMatch(SQS_ALLOWED);
        expect(JSON.parse(body)).toEqual(value);
      }),
      { numRuns: 300 },
    );
  });
});
