import PostalMime from 'postal-mime';
import { describe, expect, it } from 'vitest';
import { buildMimeMessage } from '../../shared/adapters/mime';
import { renderAlertEmail, renderRecoveryEmail, type EmailSettings, type TrendPoint } from '../../shared/app/alert-email';
import { renderDigestEmail } from '../../shared/app/digest-email';
import { escapeHtml, plainText } from '../../shared/app/hostile-text';
import { assessRules, ruleScoreOf } from '../../shared/domain/alerts/assessment';
import type { Finding } from '../../shared/domain/alerts/findings';
import type { AlertRule } from '../../shared/domain/alerts/rules';
import { nextAlertState } from '../../shared/domain/alerts/state';
import { parseDepartmentsConfig } from '../../shared/domain/departments/schema';
import { buildDigest } from '../../shared/domain/digest';
import { emptyCounters, scoreOf, type Scope } from '../../shared/domain/scores';
import { assertOnlyOwnMarkup, INVISIBLE } from '../support/email-markup';

const WINDOW = '2026-11-24T00:00:00.000Z';
const BILLING: Scope = { kind: 'dept', id: 'billing' };
const RULE: AlertRule = { id: 'negative-share', kind: 'negative-share', baselineWindows: 7, threshold: 0.25, minVolume: 20 };

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

function settings(lang: 'en' | 'fr', names?: { en: string; fr: string }): EmailSettings {
  return { lang, from: { name: 'customer-voice', address: 'alerts@voice.example.com' }, officer: 'cco@example.com', departments: config(names) };
}

const items = (count: number, negative: number) => ruleScoreOf({ ...emptyCounters(), count, negative, neutral: count - negative });

function finding(): Finding {
  const baseline = Array.from({ length: 7 }, () => items(40, 4));
  const [a] = assessRules({ scope: BILLING, granularity: 'day', window: WINDOW, current: items(50, 21), baseline, names: { en: HOSTILE_NAME, fr: HOSTILE_FR } }, [RULE]);
  if (!a?.finding) throw new Error('the fixture must fire');
  return a.finding;
}

const trend: TrendPoint[] = Array.from({ length: 10 }, (_, i) => ({
  window: new Date(Date.parse(WINDOW) - (9 - i) * 86_400_000).toISOString(),
  score: scoreOf({ ...emptyCounters(), count: 40, negative: 4 + i * 2, neutral: 36 - i * 2 }),
}));

const VERBATIMS = [
  { text: '<script>alert("x")</script> Facture fausse, écrivez-moi à jean.dupont@gmail.com', occurredAt: '2026-11-24T09:00:00Z' },
  { text: '"><img src=x onerror=alert(1)> =HYPERLINK("http://evil.example","click")', occurredAt: '2026-11-24T10:00:00Z' },
  { text: 'line one\r\nBcc: victim@example.com\r\n\r\n<a href="http://evil.example">pay here</a> \u202Egnp.exe pass\u200Bword', occurredAt: '2026-11-24T11:00:00Z' },
  { text: 'the fourth verbatim must not be quoted' },
];

async function parse(email: ReturnType<typeof renderAlertEmail>) {
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

describe('renderAlertEmail', () => {
  it('says what broke in the subject, in English and in French', () => {
    const f = finding();
    expect(renderAlertEmail({ finding: f, trend, verbatims: [] }, settings('en')).subject).toBe(
      '[customer-voice] Billing: negative share 42% (threshold 25%) — day 2026-11-24',
    );
    expect(renderAlertEmail({ finding: f, trend, verbatims: [] }, settings('fr')).subject).toBe(
      '[customer-voice] Facturation : part négative 42 % (seuil 25 %) — jour 2026-11-24',
    );
  });

  it('addresses the officer, copies the owners once, and names the alert in a header', () => {
    const f = finding();
    const state = nextAlertState(undefined, assessRules({ scope: BILLING, granularity: 'day', window: WINDOW, current: items(50, 21), baseline: [] }, [RULE])[0]!, new Date()).state!;
    const email = renderAlertEmail({ finding: f, state, trend, verbatims: [] }, settings('en'));
    expect(email.to).toEqual(['cco@example.com']);
    expect(email.cc).toEqual(['billing-owner@example.com']);
    expect(email.headers).toEqual({ 'X-Customer-Voice-Alert-Action': 'open', 'X-Customer-Voice-Alert-Id': 'ALERT#dept#billing#day#UTC#negative-share#1' });
  });

  it('carries the numbers, window, baseline, rule, trend table and at most three redacted verbatims', () => {
    const email = renderAlertEmail({ finding: finding(), trend, verbatims: VERBATIMS }, settings('en'));
    for (const part of [email.text, email.html]) {
      expect(part).toContain('42%');
      expect(part).toContain('25%');
      expect(part).toContain('day 2026-11-24');
      expect(part).toContain('10% (std dev 0) — 7 windows, 280 items'); // baseline
      expect(part).toContain('negative share over a window [negative-share]');
      expect(part).toContain('[EMAIL]');
      expect(part).not.toContain('jean.dupont@gmail.com');
      expect(part).not.toContain('fourth verbatim');
    }
    // The last 8 windows, oldest first, the alert's window last.
    expect(email.text).toMatch(/day 2026-11-17 +40 +8 +20% +-20[\s\S]*day 2026-11-24 +40 +22 +55% +-55/);
    expect(email.text).not.toContain('day 2026-11-16');
    // The chart: the 8 windows' negative shares (20% … 55%, threshold 25%) as bars, no sparkline glyphs.
    expect(email.text).not.toMatch(/[▁▂▃▄▅▆▇█]/);
    expect(email.text).toMatch(/Trend\n17 Nov +#+ +20%\n/);
    expect(email.text).toMatch(/24 Nov +#{20} +55% \*\n\* past the threshold \(25%\)/);
    const widths = [...email.html.matchAll(/<div style="width:(\d+)px;height:12px[^"]*background:(#[0-9a-f]{6})/g)].map((m) => [Number(m[1]), m[2]]);
    expect(widths).toEqual([20, 25, 30, 35, 40, 45, 50, 55].map((share) => [Math.round((share / 55) * 180), share >= 25 ? '#c62828' : '#5b7fa6']));
    expect(email.html.match(/<tr/g)).toHaveLength(1 + 7 + 8 + 1 + 8); // details table + chart + trend table
  });

  it('lets no hostile name, id or verbatim inject markup, headers or invisible characters', async () => {
    // Prepare: hostile department names from the config, a hostile scope id, hostile verbatims.
    const f = { ...finding(), scope: { kind: 'journey' as const, id: '"><svg onload=alert(1)>' } };
    for (const lang of ['en', 'fr'] as const) {
      // Act
      const email = renderAlertEmail({ finding: { ...finding() }, trend, verbatims: VERBATIMS }, settings(lang, { en: HOSTILE_NAME, fr: HOSTILE_FR }));
      const journey = renderAlertEmail({ finding: f, trend, verbatims: VERBATIMS }, settings(lang, { en: HOSTILE_NAME, fr: HOSTILE_FR }));
      for (const e of [email, journey]) {
        // Assess
        assertOnlyOwnMarkup(e.html);
        expect(e.subject).not.toMatch(/[\r\n]/);
        for (const part of [e.subject, e.text, e.html]) expect(part).not.toMatch(INVISIBLE);
        expect(e.text).not.toMatch(/^Bcc:/im);
      }
      expect(email.html).toContain(lang === 'en' ? 'Billing&lt;script&gt;alert(1)&lt;/script&gt; Bcc: evil@attacker.example' : 'Facturation&quot;&gt;&lt;img src=x onerror=alert(1)&gt;');
      expect(email.html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;');
      expect(email.html).toContain('=HYPERLINK(&quot;http://evil.example&quot;,&quot;click&quot;)');
      expect(email.html).toContain('&lt;a href=&quot;http://evil.example&quot;&gt;pay here&lt;/a&gt;');
      expect(email.html).toContain('password');
      expect(journey.html).toContain('&quot;&gt;&lt;svg onload=alert(1)&gt;');

      // Assess: the result is a valid email whose headers are only ours.
      const { parsed, wire } = await parse(email);
      expect(parsed.subject).toBe(email.subject);
      expect(parsed.subject).toContain(lang === 'en' ? 'Billing<script>alert(1)</script> Bcc: evil@attacker.example' : 'Facturation"><img');
      expect(parsed.bcc).toBeUndefined();
      expect(parsed.to?.map((a) => a.address)).toEqual(['cco@example.com']);
      expect(parsed.cc?.map((a) => a.address)).toEqual(['billing-owner@example.com']);
      expect(parsed.headers.map((h) => h.key).filter((k) => k === 'bcc')).toEqual([]);
      expect(wire).not.toMatch(/^Bcc:/im);
      expect(parsed.html).toBe(email.html.replace(/\r\n|\r/g, '\n') + '\n');
      expect(parsed.text).toContain('[EMAIL]');
      assertOnlyOwnMarkup(parsed.html ?? '');
    }
  });
});

describe('renderRecoveryEmail', () => {
  it('says it is back to normal, now and when it broke, in both languages', async () => {
    // Prepare: open on 42 %, recover on 10 %.
    const policy = { cooldownMinutes: 60, recoveryHysteresis: 0.8, windowsToRecover: 1 };
    const firing = assessRules({ scope: BILLING, granularity: 'day', window: WINDOW, current: items(50, 21), baseline: [], names: { en: 'Billing', fr: 'Facturation' } }, [RULE])[0]!;
    const opened = nextAlertState(undefined, firing, new Date('2026-11-24T10:00:00Z'), policy).state!;
    const calm = assessRules({ scope: BILLING, granularity: 'day', window: '2026-11-25T00:00:00Z', current: items(50, 5), baseline: [] }, [RULE])[0]!;
    const { state, action } = nextAlertState(opened, calm, new Date('2026-11-25T12:00:00Z'), policy);
    expect(action).toBe('recover');
    // Act
    const en = renderRecoveryEmail({ state: state!, assessment: calm, trend }, settings('en'));
    const fr = renderRecoveryEmail({ state: state!, assessment: calm, trend }, settings('fr'));
    // Assess
    expect(en.subject).toBe('[customer-voice] Back to normal — Billing: negative share 10% (threshold 25%) — day 2026-11-25');
    expect(fr.subject).toBe('[customer-voice] Retour à la normale — Facturation : part négative 10 % (seuil 25 %) — jour 2026-11-25');
    expect(en.text).toContain('42% → 10%');
    expect(en.headers).toMatchObject({ 'X-Customer-Voice-Alert-Action': 'recover' });
    const { parsed } = await parse(en);
    expect(parsed.subject).toBe(en.subject);
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
