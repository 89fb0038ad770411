import PostalMime from 'postal-mime';
import { describe, expect, it } from 'vitest';
import { buildMimeMessage } from '../../shared/adapters/mime';
import { renderDigestEmail, type DigestEmailSettings } from '../../shared/app/digest-email';
import { escapeHtml, plainText } from '../../shared/app/hostile-text';
import { parseDepartmentsConfig } from '../../shared/domain/departments/schema';
import { buildDigest } from '../../shared/domain/digest';
import { emptyCounters, scoreOf } from '../../shared/domain/scores';
import { assertOnlyOwnMarkup } from '../support/email-markup';


const HOSTILE_NAME = 'Billing<script>alert(1)</script>\r\nBcc: evil@attacker.example\u202Egnp.exe\u200B';
const HOSTILE_FR = 'Facturation"><img src=x onerror=alert(1)>\n=HYPERLINK("http://evil.example","clic")';

function config(names: { en: string; fr: string } = { en: 'Billing', fr: 'Facturation' }) {
  return parseDepartmentsConfig(
    JSON.stringify({
      departments: [
        { id: 'billing', names, owners: ['billing-owner@example.com', 'CCO@example.com'] },
        { id: 'delivery', names: { en: 'Delivery', fr: 'Livraison' }, owners: ['delivery-owner@example.com'] },
      ],
    }),
  );
}

function settings(lang: 'en' | 'fr', names?: { en: string; fr: string }): DigestEmailSettings {
  return { lang, from: { name: 'customer-voice', address: 'alerts@voice.example.com' }, officer: 'cco@example.com', departments: config(names) };
}

async function parse(email: Parameters<typeof buildMimeMessage>[0]) {
  const mime = buildMimeMessage(email, { date: new Date('2026-11-24T12:00:00Z'), id: 'test-1' });
  return { parsed: await PostalMime.parse(mime.raw), wire: new TextDecoder().decode(mime.raw) };
}

describe('plainText / escapeHtml', () => {
  it('removes line breaks, bidi overrides and zero-width characters, and escapes markup', () => {
    expect(plainText(' a\r\nb\u2028c\u202Ed\u200Be\uFEFF\t f ')).toBe('a b cde f');
    expect(escapeHtml(`<a href="x" onclick='y'>&\``)).toBe('&lt;a href=&quot;x&quot; onclick=&#39;y&#39;&gt;&amp;&#96;');
    expect(Array.from(plainText('x'.repeat(50), 10))).toHaveLength(10);
  });
});

describe('renderDigestEmail', () => {
  it('renders the ranking, journeys, hotspots and alerts with hostile names escaped, as a valid email', async () => {
    // Prepare
    const s = (count: number, positive: number, negative: number) => scoreOf({ ...emptyCounters(), count, positive, negative, neutral: count - positive - negative });
    const digest = buildDigest({
      weekStart: '2026-11-23T00:00:00Z',
      departments: [
        { id: 'billing', names: { en: HOSTILE_NAME, fr: HOSTILE_FR }, previous: s(50, 10, 20), current: s(50, 20, 10) },
        { id: 'delivery', names: { en: 'Delivery', fr: 'Livraison' }, previous: s(50, 10, 10), current: s(5, 5, 0) },
      ],
      journeys: [{ id: 'billing', names: { en: '<b>bold</b>', fr: '<b>gras</b>' }, current: s(30, 0, 30) }],
      pairs: [{ id: 'billing+delivery', names: { en: 'Billing × Delivery', fr: 'Facturation × Livraison' }, current: s(6, 0, 6) }],
    });
    for (const lang of ['en', 'fr'] as const) {
      // Act
      const email = renderDigestEmail(digest, settings(lang, { en: HOSTILE_NAME, fr: HOSTILE_FR }));
      // Assess
      expect(email.subject).toBe(
        lang === 'en'
          ? '[customer-voice] Weekly digest — week of 2026-11-23: most improved Billing<script>alert(1)</script> Bcc: evil@attacker.examplegnp.exe (+40 pts)'
          : '[customer-voice] Synthèse hebdomadaire — semaine du 2026-11-23 : plus forte progression Facturation"><img src=x onerror=alert(1)> =HYPERLINK("http://evil.example","cli… (+40 pts)',
      );
      assertOnlyOwnMarkup(email.html);
      expect(email.html).toContain('&lt;b&gt;');
      expect(email.text).toContain(lang === 'en' ? 'Delivery: 5 items this week (minimum 20)' : 'Livraison : 5 avis cette semaine (minimum 20)');
      expect(email.text).toContain(lang === 'en' ? '1 of 1 journeys carry 100% of the 30 negative items' : '1 parcours sur 1 portent 100 % des 30 avis négatifs');
      expect(email.cc).toEqual(['billing-owner@example.com', 'delivery-owner@example.com']);
      expect(email.headers).toEqual({ 'X-Customer-Voice-Kind': 'digest', 'X-Customer-Voice-Digest-Week': '2026-11-23T00:00:00.000Z' });
      const { parsed } = await parse(email);
      expect(parsed.subject).toBe(email.subject);
      expect(parsed.bcc).toBeUndefined();
    }
  });
});
