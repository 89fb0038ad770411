import PostalMime from 'postal-mime';
import { describe, expect, it } from 'vitest';
import { buildMimeMessage } from '../../shared/adapters/mime';
import { renderDailySummaryEmail } from '../../shared/app/daily-summary-email';
import type { Incident } from '../../shared/domain/alerts/incident';
import { parseDepartmentsConfig } from '../../shared/domain/departments/schema';
import { assertOnlyOwnMarkup } from '../support/email-markup';

const HOSTILE_EN = 'Billing<script>alert(1)</script>\r\nBcc: evil@attacker.example\u202Egnp.exe\u200B';
const HOSTILE_FR = 'Facturation"><img src=x onerror=alert(1)>\n=HYPERLINK("http://evil.example","clic")';
const HOSTILE_JOURNEY = { en: 'Refunds<svg onload=alert(2)>', fr: 'Remboursements<svg onload=alert(2)>' };
const INVISIBLE = /[\u202A-\u202E\u2066-\u2069\u200B-\u200F\uFEFF]/;

const departments = parseDepartmentsConfig(
  JSON.stringify({
    departments: [
      { id: 'billing', names: { en: HOSTILE_EN, fr: HOSTILE_FR }, journeys: ['refunds'] },
      { id: 'delivery', names: { en: 'Delivery', fr: 'Livraison' } },
    ],
    journeys: [{ id: 'refunds', names: HOSTILE_JOURNEY }],
  }),
);

const hostileIncident: Incident = {
  id: 'billing-2026-12-02',
  scope: { department: 'billing' },
  zone: 'Europe/Paris',
  window: '2026-12-01T23:00:00.000Z',
  severity: 'critical',
  status: 'open',
  openedAt: '2026-12-02T08:10:00.000Z',
  updatedAt: '2026-12-02T11:00:00.000Z',
  recoveredAt: null,
  rules: [
    {
      rule: 'volume-spike',
      kind: 'volume-spike',
      source: { kind: 'dept', id: 'billing' },
      value: 60,
      threshold: 24,
      baseline: 8,
      volume: 60,
      window: '2026-12-01T23:00:00.000Z',
      firing: true,
      excess: 1.5,
      message: { en: '<b>x</b>', fr: '<b>x</b>' },
      firstSeenAt: '2026-12-02T08:10:00.000Z',
      lastSeenAt: '2026-12-02T11:00:00.000Z',
    },
    {
      rule: 'negative-share@journey:refunds',
      kind: 'negative-share',
      source: { kind: 'journey', id: 'refunds' },
      value: 0.7,
      threshold: 0.35,
      baseline: null,
      volume: 40,
      window: '2026-12-01T23:00:00.000Z',
      firing: true,
      excess: 1,
      message: { en: 'x', fr: 'x' },
      firstSeenAt: '2026-12-02T08:10:00.000Z',
      lastSeenAt: '2026-12-02T11:00:00.000Z',
    },
  ],
  related: ['delivery', '"><iframe src=//evil.example>'],
  verbatims: [{ id: 'v1', text: '<script>alert("verbatim")</script> call me at +33 6 12 34 56 78', occurredAt: '2026-12-02T09:00:00.000Z' }],
  lateDataAt: '2026-12-02T10:00:00.000Z',
  recoveryWindows: 0,
  recoveryLastWindow: null,
  notifiedSeverity: 'major',
  lastUpdateEmailAt: null,
  pending: [],
  sent: [],
  deferred: [{ recipient: 'cco@example.com', lang: 'en', kind: 'incident-update', at: '2026-12-02T15:00:00.000Z', summarizedAt: null }],
  acknowledged: { by: 'ops<img src=x>\u202E', at: '2026-12-02T12:00:00.000Z' },
  assignee: { owner: 'owner@example.com', by: 'admin', at: '2026-12-02T12:05:00.000Z' },
  resolved: null,
  migratedFrom: null,
  version: 4,
};

function render(lang: 'en' | 'fr') {
  return renderDailySummaryEmail(
    { recipient: 'cco@example.com', lang, day: '2026-12-02', incidents: [{ incident: hostileIncident, notices: hostileIncident.deferred }], dailyBudget: 5 },
    { from: { name: 'customer-voice', address: 'alerts@voice.example.com' }, departments, zone: 'Europe/Paris' },
  );
}

describe('renderDailySummaryEmail', () => {
  it.each(['en', 'fr'] as const)('lets no hostile department, journey or staff name inject markup, headers or invisible characters (%s)', async (lang) => {
    const email = render(lang);

    assertOnlyOwnMarkup(email.html);
    for (const part of [email.subject, email.text, email.html]) expect(part).not.toMatch(INVISIBLE);
    expect(email.html).toContain(lang === 'en' ? 'Billing&lt;script&gt;alert(1)&lt;/script&gt; Bcc: evil@attacker.example' : 'Facturation&quot;&gt;&lt;img src=x onerror=alert(1)&gt; =HYPERLINK(');
    expect(email.html).toContain(`${lang === 'en' ? 'journey Refunds' : 'parcours Remboursements'}&lt;svg onload=alert(2)&gt;`);
    expect(email.html).toContain('&quot;&gt;&lt;iframe src=//evil.example&gt;');
    expect(email.html).toContain('ops&lt;img src=x&gt;');
    // Customer text has no place in the summary: the incident email (or the dashboard) quotes it.
    expect(email.text).not.toContain('verbatim');
    expect(email.text).not.toContain('34 56 78');

    const { parsed, wire } = await parse(email);
    expect(parsed.bcc).toBeUndefined();
    expect(wire).not.toMatch(/^Bcc:/im);
    expect(parsed.to?.map((a) => a.address)).toEqual(['cco@example.com']);
    expect(parsed.headers.find((h) => h.key === 'x-customer-voice-kind')?.value).toBe('daily-summary');
    expect(parsed.headers.find((h) => h.key === 'x-customer-voice-incidents')?.value).toBe('billing-2026-12-02');
  });

  it('shows the figures in the recipient’s language, most severe rule first, and keeps ids below the signature', () => {
    const en = render('en');
    const fr = render('fr');

    expect(en.text).toMatch(/volume of items\s+60\s+24\s+8\s+60\s+yes\nnegative share \(journey Refunds<svg onload=alert\(2\)>\)\s+70%\s+35%\s+–\s+40\s+yes/);
    expect(fr.text).toMatch(/volume d’avis\s+60\s+24\s+8\s+60\s+oui\npart négative \(parcours Remboursements<svg onload=alert\(2\)>\)\s+70 %\s+35 %\s+–\s+40\s+oui/);
    expect(en.text).toContain('You received today’s limit of 5 incident and update emails.');
    expect(en.text).toContain('open since 2026-12-02 09:10; acknowledged by ops<img src=x>; assigned to owner@example.com');
    expect(en.text).toContain('Held back: an update (2026-12-02 16:00)');
    expect(en.text).toContain('Late data changed these figures.');
    expect(fr.text).toContain('Des données arrivées en retard ont modifié ces chiffres.');
    expect(en.text).toContain('Also involved: Delivery');
    expect(fr.text).toContain('Aussi concernés : Livraison');
    for (const email of [en, fr]) {
      const [body, signature] = email.text.split('\n-- \n') as [string, string];
      expect(signature).toContain('billing-2026-12-02');
      expect(`${email.subject}\n${body}`).not.toMatch(/billing-2026-12-02|journey:|dept:|negative-share@/);
    }
    expect(en.subject).toBe('[customer-voice] Daily summary 2026-12-02: 1 incident held back');
  });
});

async function parse(email: ReturnType<typeof renderDailySummaryEmail>) {
  const mime = buildMimeMessage(email, { date: new Date('2026-12-02T17:00:00Z'), id: 'test-1' });
  return { parsed: await PostalMime.parse(mime.raw), wire: new TextDecoder().decode(mime.raw) };
}
