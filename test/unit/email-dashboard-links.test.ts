import { describe, expect, it } from 'vitest';
import { renderDailySummaryEmail } from '../../shared/app/daily-summary-email';
import { dashboardPageUrl, DASHBOARD_PAGES, InvalidDashboardUrlError } from '../../shared/app/dashboard-links';
import { renderDigestEmail } from '../../shared/app/digest-email';
import { renderIncidentEmail, renderIncidentRecoveryEmail, renderIncidentUpdateEmail, type IncidentEmailInput } from '../../shared/app/incident-email';
import { ConfigurationError, loadEnv } from '../../shared/config/env';
import { buildDigest } from '../../shared/domain/digest';
import { emptyCounters, scoreOf } from '../../shared/domain/scores';
import { ENV } from '../../shared/resources';
import type { OutgoingEmail } from '../../shared/ports/mailer';
import { assertOnlyOwnMarkup } from '../support/email-markup';
import { billingIncident, billingTrend, HOSTILE_NAME, incidentConfig, incidentSettings, parisDay } from '../support/incidents';

const DASHBOARD = 'https://d111111abcdef8.cloudfront.net/';
const FROM = { name: 'customer-voice', address: 'alerts@voice.example.com' };

/** The hrefs of the HTML part, in order. */
const hrefs = (email: OutgoingEmail) => [...email.html.matchAll(/<a href="([^"]*)"/g)].map((m) => m[1]);

describe('dashboardPageUrl', () => {
  it('puts a page path under the dashboard origin, encoding ids, and gives nothing without a URL', () => {
    expect(dashboardPageUrl(DASHBOARD, DASHBOARD_PAGES.overview())).toBe('https://d111111abcdef8.cloudfront.net/');
    expect(dashboardPageUrl('https://voice.acme.fr', DASHBOARD_PAGES.department('billing'))).toBe('https://voice.acme.fr/departments/billing');
    // The page routes from `/`: a path in the configured URL is not a prefix of its pages.
    expect(dashboardPageUrl('https://voice.acme.fr/somewhere/', DASHBOARD_PAGES.incidents())).toBe('https://voice.acme.fr/incidents');
    expect(dashboardPageUrl(DASHBOARD, DASHBOARD_PAGES.incident('billing+delivery-2026-12-02"><b>'))).toBe(
      'https://d111111abcdef8.cloudfront.net/incidents/billing%2Bdelivery-2026-12-02%22%3E%3Cb%3E',
    );
    expect(dashboardPageUrl(undefined, DASHBOARD_PAGES.overview())).toBeUndefined();
    expect(dashboardPageUrl('', DASHBOARD_PAGES.overview())).toBeUndefined();
  });

  it('refuses a URL an email must never link to', () => {
    expect(() => dashboardPageUrl('javascript:alert(1)', '/')).toThrow(InvalidDashboardUrlError);
    expect(() => dashboardPageUrl('data:text/html,<b>x</b>', '/')).toThrow(/must be http\(s\)/);
    expect(() => dashboardPageUrl('voice.acme.fr', '/')).toThrow(/is not a URL/);
  });
});

describe('DASHBOARD_URL', () => {
  it('is optional, and must be an http(s) URL when set', () => {
    expect(loadEnv(['dashboardUrl'], {}).dashboardUrl).toBeUndefined();
    expect(loadEnv(['dashboardUrl'], { [ENV.dashboardUrl]: DASHBOARD }).dashboardUrl).toBe(DASHBOARD);
    expect(() => loadEnv(['dashboardUrl'], { [ENV.dashboardUrl]: 'javascript:alert(1)' })).toThrow(ConfigurationError);
    expect(() => loadEnv(['dashboardUrl'], { [ENV.dashboardUrl]: 'not a url' })).toThrow(/DASHBOARD_URL: must be the dashboard page's http\(s\) URL/);
  });
});

describe('incident emails: the link to the incident’s page', () => {
  const input = (lang: 'en' | 'fr', dashboardUrl?: string, names?: { en: string; fr: string }): IncidentEmailInput => ({
    incident: billingIncident({ status: 'recovered', recoveredAt: '2026-12-04T18:00:00.000Z', recoveryLastWindow: parisDay(4) }),
    recipient: { address: 'cco@example.com', lang, role: 'officer' },
    trend: billingTrend(),
    settings: { ...incidentSettings(names ? incidentConfig(names) : undefined), dashboardUrl },
  });
  const renderers = [renderIncidentEmail, renderIncidentUpdateEmail, renderIncidentRecoveryEmail];

  it('links the incident, update and recovery emails to the incident’s page, in HTML and in plain text', () => {
    for (const render of renderers) {
      // Act
      const en = render(input('en', DASHBOARD));
      const fr = render(input('fr', DASHBOARD));
      // Assess
      const url = 'https://d111111abcdef8.cloudfront.net/incidents/billing-2026-12-02';
      expect(hrefs(en)).toEqual([url]);
      expect(en.html).toContain(`<a href="${url}" style="color:#0b57d0">Open the incident in the dashboard</a>`);
      expect(fr.html).toContain('>Ouvrir l’incident dans le tableau de bord</a>');
      // Plain text: the URL alone on its line, so a text client makes it clickable.
      expect(en.text).toContain(`Open the incident in the dashboard:\n${url}\n`);
      expect(fr.text).toContain(`Ouvrir l’incident dans le tableau de bord :\n${url}\n`);
    }
  });

  it('carries no link when no dashboard URL is configured', () => {
    for (const render of renderers) {
      const email = render(input('en'));
      expect(email.html).not.toContain('<a ');
      expect(email.text).not.toMatch(/dashboard|https?:/);
    }
  });

  it('escapes a hostile incident id inside the URL and keeps hostile names out of the markup', () => {
    // Prepare
    const hostile = { ...input('en', DASHBOARD, { en: HOSTILE_NAME, fr: HOSTILE_NAME }), incident: billingIncident({ id: 'billing"><script>x</script>' }) };
    // Act
    const email = renderIncidentEmail(hostile);
    // Assess
    assertOnlyOwnMarkup(email.html, { dashboardUrl: DASHBOARD });
    expect(hrefs(email)).toEqual(['https://d111111abcdef8.cloudfront.net/incidents/billing%22%3E%3Cscript%3Ex%3C%2Fscript%3E']);
  });
});

describe('renderDigestEmail: links to the overview and each ranked department', () => {
  const s = (count: number, positive: number, negative: number) => scoreOf({ ...emptyCounters(), count, positive, negative, neutral: count - positive - negative });
  const digest = buildDigest({
    weekStart: '2026-11-23T00:00:00Z',
    departments: [
      { id: 'billing', names: { en: HOSTILE_NAME, fr: 'Facturation' }, previous: s(50, 10, 20), current: s(50, 20, 10) },
      { id: 'contact-centre', names: { en: 'Contact centre', fr: 'Centre de contact' }, previous: s(40, 10, 10), current: s(40, 10, 12) },
      { id: 'delivery', names: { en: 'Delivery', fr: 'Livraison' }, previous: s(50, 10, 10), current: s(5, 5, 0) },
    ],
    journeys: [],
    pairs: [],
  });
  const settings = (lang: 'en' | 'fr', dashboardUrl?: string) => ({ lang, from: FROM, officer: 'cco@example.com', departments: incidentConfig(), dashboardUrl });

  it('links the overview first, then each ranked department’s name to its page (HTML), listed after the table in plain text', () => {
    // Act
    const en = renderDigestEmail(digest, settings('en', DASHBOARD));
    const fr = renderDigestEmail(digest, settings('fr', DASHBOARD));
    // Assess: Delivery has too few items to rank, so no row and no link.
    const base = 'https://d111111abcdef8.cloudfront.net';
    expect(hrefs(en)).toEqual([`${base}/`, `${base}/departments/billing`, `${base}/departments/contact-centre`]);
    assertOnlyOwnMarkup(en.html, { dashboardUrl: DASHBOARD });
    expect(en.html).toContain(`<a href="${base}/departments/billing" style="color:#0b57d0">Billing&lt;script&gt;alert(1)&lt;/script&gt; Bcc: evil@attacker.examplegnp.exe</a>`);
    expect(en.text).toContain(`Open the dashboard:\n${base}/\n`);
    expect(en.text).toContain(
      `Each department’s page on the dashboard:\n- Billing<script>alert(1)</script> Bcc: evil@attacker.examplegnp.exe: ${base}/departments/billing\n- Contact centre: ${base}/departments/contact-centre\n`,
    );
    expect(fr.text).toContain(`Ouvrir le tableau de bord :\n${base}/\n`);
    expect(fr.text).toContain(`Page de chaque département dans le tableau de bord :\n- Facturation: ${base}/departments/billing\n`);
  });

  it('carries no link when no dashboard URL is configured', () => {
    const email = renderDigestEmail(digest, settings('en'));
    expect(email.html).not.toContain('<a ');
    expect(email.text).not.toMatch(/dashboard|https?:/);
  });
});

describe('renderDailySummaryEmail: the link to the incidents page', () => {
  const render = (lang: 'en' | 'fr', dashboardUrl?: string) =>
    renderDailySummaryEmail(
      { recipient: 'cco@example.com', lang, day: '2026-12-02', incidents: [{ incident: billingIncident(), notices: [] }], dailyBudget: 5 },
      { from: FROM, departments: incidentConfig(), zone: 'Europe/Paris', dashboardUrl },
    );

  it('links the incidents page under the introduction, in HTML and in plain text', () => {
    const en = render('en', DASHBOARD);
    const fr = render('fr', DASHBOARD);
    const url = 'https://d111111abcdef8.cloudfront.net/incidents';
    expect(hrefs(en)).toEqual([url]);
    assertOnlyOwnMarkup(en.html, { dashboardUrl: DASHBOARD });
    expect(en.text).toContain(`\n\nSee the incidents on the dashboard:\n${url}\n`);
    expect(fr.html).toContain(`<a href="${url}" style="color:#0b57d0">Voir les incidents dans le tableau de bord</a>`);
    expect(fr.text).toContain(`\n\nVoir les incidents dans le tableau de bord :\n${url}\n`);
  });

  it('carries no link when no dashboard URL is configured', () => {
    const email = render('en');
    expect(email.html).not.toContain('<a ');
    expect(email.text).not.toMatch(/dashboard|https?:/);
  });
});
