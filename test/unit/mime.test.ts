import fc from 'fast-check';
import PostalMime, { type Email } from 'postal-mime';
import { describe, expect, it } from 'vitest';
import { buildMimeMessage, quotedPrintable, rfc5322Date } from '../../shared/adapters/mime';
import { InvalidEmailError, type OutgoingEmail, sanitizeHeaderText } from '../../shared/ports/mailer';

const DATE = new Date('2026-05-05T08:00:00.000Z');
const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 1, 2, 254, 255]);

function alertEmail(overrides: Partial<OutgoingEmail> = {}): OutgoingEmail {
  return {
    from: { name: 'Voix du Client — Équipe', address: 'alerts@voice.example.com' },
    to: [{ name: 'Zoé Lefèvre', address: 'cco@example.com' }, 'owner@example.com'],
    cc: ['sav@example.com'],
    replyTo: 'noreply@voice.example.com',
    subject: 'Alerte : hausse des réclamations — Après-vente 🚨',
    text: 'Bonjour,\nLe taux négatif de l’après-vente est passé de 12 % à 31 %.\n« Très déçu » 😡\n',
    html: '<p>Bonjour,</p><p>Le taux <b>négatif</b> est passé à 31 %.</p><img src="cid:chart@customer-voice">',
    headers: { 'X-Customer-Voice-Alert-Id': 'alert-2026-05-05-sav' },
    ...overrides,
  };
}

function build(email: OutgoingEmail, id = 'd1b6a0c4-7c1e-4d39-9b0a-2f7e0b6f1f11') {
  return buildMimeMessage(email, { date: DATE, id });
}

function wire(raw: Uint8Array): string {
  return new TextDecoder().decode(raw);
}

/** The header section, unfolded, as [name, value] pairs. */
function topLevelHeaders(raw: Uint8Array): [string, string][] {
  const head = wire(raw).split('\r\n\r\n', 1)[0] ?? '';
  return head
    .replace(/\r\n[ \t]/g, ' ')
    .split('\r\n')
    .map((line) => {
      const colon = line.indexOf(':');
      return [line.slice(0, colon), line.slice(colon + 1).trim()];
    });
}

/** postal-mime ends every decoded body with a line break of its own; bodies go out with CRLFs. */
function decodedBody(body: string | undefined): string | undefined {
  return body?.replace(/\n$/, '');
}

function asSent(body: string): string {
  return body.toWellFormed().replace(/\r\n|\r/g, '\n');
}

function headerOf(parsed: Email, key: string): string | undefined {
  return parsed.headers.find((header) => header.key === key)?.value;
}

function assertWireFormat(raw: Uint8Array): void {
  expect(raw.every((byte) => byte < 0x80)).toBe(true);
  const text = wire(raw);
  expect(text).not.toMatch(/\r(?!\n)|(?<!\r)\n/);
  expect(text.endsWith('\r\n')).toBe(true);
  for (const line of text.split('\r\n')) expect(line.length).toBeLessThanOrEqual(998);
  // RFC 2047: an encoded-word is at most 75 characters and holds whole characters only.
  const strictUtf8 = new TextDecoder('utf-8', { fatal: true });
  for (const [word, payload = ''] of text.matchAll(/=\?UTF-8\?B\?([A-Za-z0-9+/=]*)\?=/g)) {
    expect(word.length).toBeLessThanOrEqual(75);
    expect(() => strictUtf8.decode(Buffer.from(payload, 'base64'))).not.toThrow();
  }
}

describe('buildMimeMessage', () => {
  it('round-trips French accents and emoji in subject, display names, text and html', async () => {
    // Prepare
    const email = alertEmail();

    // Act
    const message = build(email);
    const parsed = await PostalMime.parse(message.raw);

    // Assess
    expect(parsed.subject).toBe('Alerte : hausse des réclamations — Après-vente 🚨');
    expect(parsed.from).toEqual({ name: 'Voix du Client — Équipe', address: 'alerts@voice.example.com' });
    expect(parsed.to).toEqual([
      { name: 'Zoé Lefèvre', address: 'cco@example.com' },
      { name: '', address: 'owner@example.com' },
    ]);
    expect(parsed.cc).toEqual([{ name: '', address: 'sav@example.com' }]);
    expect(parsed.replyTo).toEqual([{ name: '', address: 'noreply@voice.example.com' }]);
    expect(decodedBody(parsed.text)).toBe(email.text);
    expect(decodedBody(parsed.html)).toBe(email.html);
    // Non-ASCII never goes on the wire raw.
    expect(wire(message.raw)).not.toContain('é');
  });

  it('writes Date, Message-ID from the sender domain, MIME-Version and custom headers once each', async () => {
    // Act
    const message = build(alertEmail());
    const parsed = await PostalMime.parse(message.raw);
    const names = topLevelHeaders(message.raw).map(([name]) => name.toLowerCase());

    // Assess
    expect(message.messageId).toBe('d1b6a0c4-7c1e-4d39-9b0a-2f7e0b6f1f11@voice.example.com');
    expect(parsed.messageId).toBe(`<${message.messageId}>`);
    expect(headerOf(parsed, 'date')).toBe('Tue, 05 May 2026 08:00:00 +0000');
    expect(parsed.date).toBe(DATE.toISOString());
    expect(headerOf(parsed, 'mime-version')).toBe('1.0');
    expect(headerOf(parsed, 'auto-submitted')).toBe('auto-generated');
    expect(headerOf(parsed, 'x-customer-voice-alert-id')).toBe('alert-2026-05-05-sav');
    expect(new Set(names).size).toBe(names.length);
    expect(names).not.toContain('bcc');
  });

  it('sends text and html as multipart/alternative, text first, quoted-printable UTF-8', () => {
    // Act
    const raw = wire(build(alertEmail()).raw);

    // Assess
    expect(topLevelHeaders(build(alertEmail()).raw)).toContainEqual([
      'Content-Type',
      'multipart/alternative; boundary="=_cv_alt_d1b6a0c4-7c1e-4d39-9b0a-2f7e0b6f1f11"',
    ]);
    const plain = raw.indexOf('Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable');
    const html = raw.indexOf('Content-Type: text/html; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable');
    expect(plain).toBeGreaterThan(0);
    expect(html).toBeGreaterThan(plain);
    expect(raw).toContain('Le taux n=C3=A9gatif');
  });

  it('wraps the alternative in multipart/related with the chart as an inline cid part', async () => {
    // Prepare
    const email = alertEmail({
      inlineAttachments: [{ filename: 'chart.png', contentType: 'image/png', content: PNG, contentId: 'chart@customer-voice' }],
    });

    // Act
    const message = build(email);
    const parsed = await PostalMime.parse(message.raw);

    // Assess
    expect(topLevelHeaders(message.raw).find(([name]) => name === 'Content-Type')?.[1]).toMatch(
      /^multipart\/related; type="multipart\/alternative"; boundary=/,
    );
    expect(parsed.attachments).toHaveLength(1);
    const [chart] = parsed.attachments;
    expect(chart).toMatchObject({
      filename: 'chart.png',
      mimeType: 'image/png',
      disposition: 'inline',
      contentId: '<chart@customer-voice>',
      related: true,
    });
    expect(new Uint8Array(chart?.content as ArrayBuffer)).toEqual(PNG);
    expect(decodedBody(parsed.text)).toBe(email.text);
    expect(decodedBody(parsed.html)).toBe(email.html);
  });

  it('uses CRLF only, 7-bit ASCII, and keeps long lines and long subjects within 78 characters', () => {
    // Prepare: one 3,000-character html line without a space, a long accented subject, many recipients.
    const email = alertEmail({
      subject: 'Hausse des réclamations '.repeat(20).trim(),
      html: `<p>${'é'.repeat(500)}${'x'.repeat(2500)}</p>`,
      cc: Array.from({ length: 20 }, (_, index) => ({ name: `Propriétaire n°${index}`, address: `owner${index}@example.com` })),
      inlineAttachments: [{ filename: 'chart.png', contentType: 'image/png', content: new Uint8Array(5000).fill(7), contentId: 'chart' }],
    });

    // Act
    const raw = build(email).raw;

    // Assess
    assertWireFormat(raw);
    for (const line of wire(raw).split('\r\n')) expect(line.length).toBeLessThanOrEqual(78);
  });

  it('folds a long ASCII subject at its spaces and unfolds to the same text, double spaces included', async () => {
    // Prepare
    const subject = `Weekly digest:  ${'progress ranking '.repeat(10)}end`;

    // Act
    const message = build(alertEmail({ subject }));
    const parsed = await PostalMime.parse(message.raw);

    // Assess
    expect(wire(message.raw)).toMatch(/\r\nSubject: Weekly digest: {2}progress[^\r]*\r\n progress/);
    expect(parsed.subject).toBe(subject);
  });

  it('encodes an ASCII subject with a word too long to fold, so no line exceeds 998 characters', async () => {
    // Prepare: a customer pasted a 1,500-character link.
    const subject = `Lien : https://example.com/${'a'.repeat(1500)}`;

    // Act
    const message = build(alertEmail({ subject }));
    const parsed = await PostalMime.parse(message.raw);

    // Assess
    assertWireFormat(message.raw);
    expect(parsed.subject).toBe(subject);
  });

  it('encodes an ASCII subject that looks like an encoded-word, so it is not decoded as one', async () => {
    // Prepare
    const subject = 'Client wrote =?UTF-8?B?ZXZpbA==?= in the form';

    // Act
    const parsed = await PostalMime.parse(build(alertEmail({ subject })).raw);

    // Assess
    expect(parsed.subject).toBe(subject);
  });

  it('cannot be made to inject a header through the subject, a display name or a header value', async () => {
    // Prepare
    const email = alertEmail({
      subject: 'Plainte client\r\nBcc: evil@x.example\r\n\r\n<script>',
      to: [{ name: 'Officer\r\nBcc: evil2@x.example', address: 'cco@example.com' }],
      headers: { 'X-Customer-Voice-Alert-Id': 'a1\nBcc: evil3@x.example' },
    });

    // Act
    const message = build(email);
    const parsed = await PostalMime.parse(message.raw);

    // Assess
    expect(parsed.bcc).toBeUndefined();
    expect(topLevelHeaders(message.raw).map(([name]) => name.toLowerCase())).not.toContain('bcc');
    expect(wire(message.raw)).not.toMatch(/(^|\n)bcc:/im);
    expect(parsed.subject).toBe('Plainte client Bcc: evil@x.example <script>');
    expect(parsed.to).toEqual([{ name: 'Officer Bcc: evil2@x.example', address: 'cco@example.com' }]);
    expect(headerOf(parsed, 'x-customer-voice-alert-id')).toBe('a1 Bcc: evil3@x.example');
  });

  it.each([
    ['an address with a line break', { to: ['cco@example.com\r\nBcc: evil@x.example'] }],
    ['a display-name style address string', { to: ['Officer <cco@example.com>'] }],
    ['no recipient', { to: [] }],
    ['51 recipients', { to: Array.from({ length: 51 }, (_, index) => `r${index}@example.com`) }],
    ['a subject of only control characters', { subject: '\r\n\t' }],
    ['an empty text body', { text: '  \n' }],
    ['an empty html body', { html: '' }],
    ['a reserved header', { headers: { Bcc: 'evil@x.example' } }],
    ['a header overriding Content-Type', { headers: { 'content-type': 'text/plain' } }],
    ['a header name with a colon', { headers: { 'X-A: b\r\nBcc': 'evil@x.example' } }],
    ['the same header twice', { headers: { 'X-Id': 'a', 'x-id': 'b' } }],
    ['a path as attachment name', { inlineAttachments: [{ filename: '../x.png', contentType: 'image/png', content: PNG, contentId: 'c' }] }],
    ['a content id with ">"', { inlineAttachments: [{ filename: 'x.png', contentType: 'image/png', content: PNG, contentId: 'c>\r\nBcc: e@x' }] }],
    [
      'two attachments with the same content id',
      {
        inlineAttachments: [
          { filename: 'a.png', contentType: 'image/png', content: PNG, contentId: 'c' },
          { filename: 'b.png', contentType: 'image/png', content: PNG, contentId: 'c' },
        ],
      },
    ],
  ] satisfies [string, Partial<OutgoingEmail>][])('rejects %s with InvalidEmailError', (_, overrides) => {
    expect(() => build(alertEmail(overrides))).toThrow(InvalidEmailError);
  });

  it('gives every message its own Message-ID and boundaries', () => {
    // Act
    const first = buildMimeMessage(alertEmail(), { date: DATE });
    const second = buildMimeMessage(alertEmail(), { date: DATE });

    // Assess
    expect(first.messageId).not.toBe(second.messageId);
    expect(first.messageId).toMatch(/^[0-9a-f-]{36}@voice\.example\.com$/);
    const contentType = (raw: Uint8Array) => topLevelHeaders(raw).find(([name]) => name === 'Content-Type')?.[1];
    expect(contentType(first.raw)).toContain(first.messageId.split('@')[0]);
    expect(contentType(first.raw)).not.toBe(contentType(second.raw));
  });

  it('is deterministic for a given date and id, so SES and the outbox carry the same bytes', () => {
    expect(build(alertEmail()).raw).toEqual(build(alertEmail()).raw);
  });
});

describe('quotedPrintable', () => {
  it('encodes "=", non-ASCII bytes and trailing whitespace, soft-breaks at 76 without splitting a character', () => {
    expect(quotedPrintable('a=b é \nfin\t')).toBe('a=3Db =C3=A9=20\r\nfin=09');
    const lines = quotedPrintable('é'.repeat(14)).split('\r\n');
    expect(lines.map((line) => line.length)).toEqual([73, 12]);
    expect(lines[0]).toMatch(/^(=C3=A9)+=$/);
  });
});

describe('rfc5322Date', () => {
  it('uses a numeric zone', () => {
    expect(rfc5322Date(new Date('2026-01-02T03:04:05Z'))).toBe('Fri, 02 Jan 2026 03:04:05 +0000');
  });
});

describe('buildMimeMessage properties', () => {
  // Unicode of every plane, plus the characters that break naive encoders.
  const tricky = fc.constantFrom('=', '=?', '?=', '?', '_', ' ', '  ', '\t', '\r', '\n', '\r\n', '"', '\\', '.', '-', '--', ':', ';', ',', '<', '>', 'é', 'É', '’', '🚨', '👩‍👩‍👧', '\u00a0', '\u2028', '\u0000', '\u0085', '\ud800');
  const unicodeText = (maxLength: number) =>
    fc
      .array(fc.oneof(tricky, fc.string({ unit: 'binary', maxLength: 8 }), fc.string({ unit: 'grapheme-ascii', maxLength: 12 })), {
        maxLength,
      })
      .map((pieces) => pieces.join(''));

  it('round-trips arbitrary Unicode subjects, display names and bodies through a real parser', async () => {
    await fc.assert(
      fc.asyncProperty(unicodeText(40), unicodeText(10), unicodeText(60), unicodeText(60), async (subject, name, text, html) => {
        fc.pre(sanitizeHeaderText(subject) !== '' && text.trim() !== '' && html.trim() !== '');
        // Act
        const message = build(alertEmail({ subject, from: { name, address: 'alerts@voice.example.com' }, text, html }));
        const parsed = await PostalMime.parse(message.raw);

        // Assess
        assertWireFormat(message.raw);
        expect(parsed.subject).toBe(sanitizeHeaderText(subject));
        expect(parsed.from).toEqual({ name: sanitizeHeaderText(name), address: 'alerts@voice.example.com' });
        expect(decodedBody(parsed.text)).toBe(asSent(text));
        expect(decodedBody(parsed.html)).toBe(asSent(html));
      }),
      { numRuns: 400 },
    );
  });

  it('never lets a subject add, remove or duplicate a header', async () => {
    const injection = fc.constantFrom('\r\nBcc: evil@x.example', '\nBcc: evil@x.example', '\rBcc: evil@x.example', '\r\n\r\nbody', '\r\n X-Folded: 1');
    await fc.assert(
      fc.asyncProperty(unicodeText(10), injection, unicodeText(10), async (before, attack, after) => {
        // Act
        const message = build(alertEmail({ subject: `x${before}${attack}${after}` }));
        const parsed = await PostalMime.parse(message.raw);

        // Assess
        expect(topLevelHeaders(message.raw).map(([name]) => name)).toEqual(
          topLevelHeaders(build(alertEmail()).raw).map(([name]) => name),
        );
        expect(parsed.bcc).toBeUndefined();
        expect(parsed.subject).not.toMatch(/[\r\n]/);
        expect(parsed.subject).toContain(sanitizeHeaderText(attack));
      }),
      { numRuns: 300 },
    );
  });
});
