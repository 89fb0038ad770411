/**
 * The incident emails as a mail client shows them: rendered by Debian's Chromium at a 375 px
 * phone width, network cut off (a mail client loads nothing either). Asserts what the browser
 * really laid out, and writes screenshots to test/.screenshots/ (git-ignored) to look at.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { CHART_BAR_PX } from '../../shared/app/email-chart';
import { renderIncidentEmail, renderIncidentRecoveryEmail, renderIncidentUpdateEmail, type IncidentEmailInput } from '../../shared/app/incident-email';
import type { Incident } from '../../shared/domain/alerts/incident';
import type { OutgoingEmail } from '../../shared/ports/mailer';
import { emailBrowser, outsideRequests, PHONE, SCREENSHOTS } from '../support/email-browser';
import { billingIncident, billingTrend, HOSTILE_VERBATIM, incidentSettings, parisDay } from '../support/incidents';

const LONG_WORD = `https://support.example.com/tickets/${'x'.repeat(140)}`;

const chromium = emailBrowser();

/** The incident with a customer who pasted a long link: it must wrap, not widen the phone's screen. */
function incident(overrides: Partial<Incident> = {}): Incident {
  const base = billingIncident(overrides);
  return { ...base, verbatims: [...base.verbatims.slice(0, 3), { id: 'fb_long', text: `Voir ${LONG_WORD}`, occurredAt: '2026-12-02T08:25:00.000Z' }, ...base.verbatims.slice(3)] };
}

function emails(lang: 'en' | 'fr'): [string, OutgoingEmail][] {
  const input = (i: Incident): IncidentEmailInput => ({ incident: i, recipient: { address: 'cco@example.com', lang, role: 'officer' }, trend: billingTrend(), settings: incidentSettings() });
  const recovered = incident({ status: 'recovered', recoveredAt: '2026-12-04T18:00:00.000Z', recoveryLastWindow: parisDay(4), rules: billingIncident().rules.map((r) => ({ ...r, firing: false })) });
  return [
    [`incident-${lang}`, renderIncidentEmail(input(incident({ lateDataAt: '2026-12-02T15:00:00.000Z', acknowledged: { by: 'Claire', at: '2026-12-02T10:00:00.000Z' } })))],
    [`incident-update-${lang}`, renderIncidentUpdateEmail({ ...input(incident()), previous: { severity: 'major', at: '2026-12-02T08:00:00.000Z' } })],
    [`recovery-${lang}`, renderIncidentRecoveryEmail(input(recovered))],
  ];
}

interface Layout {
  bars: { width: number; height: number; colour: string }[];
  scrollWidth: number;
  overflowing: string[];
  elements: string[];
  boldTexts: string[];
  text: string;
}

/**
 * Runs in the page. A string, not a function: the project's TypeScript has no DOM library (the
 * shared code must not reach for browser globals), and this is the one place that needs it.
 */
const LAYOUT_PROBE = `(() => {
  const bars = [...document.querySelectorAll('td > div')].map((d) => {
    const box = d.getBoundingClientRect();
    return { width: box.width, height: box.height, colour: getComputedStyle(d).backgroundColor };
  });
  const overflowing = [...document.body.querySelectorAll('*')]
    .filter((e) => e.getBoundingClientRect().right > document.documentElement.clientWidth + 0.5)
    .map((e) => e.tagName + ': ' + (e.textContent || '').slice(0, 60));
  return {
    bars,
    scrollWidth: document.documentElement.scrollWidth,
    overflowing,
    elements: [...new Set([...document.querySelectorAll('*')].map((e) => e.tagName.toLowerCase()))],
    boldTexts: [...document.querySelectorAll('b')].map((b) => b.textContent || ''),
    text: document.body.innerText,
  };
})()`;

async function open(page: Page, html: string): Promise<Layout> {
  await page.setContent(html, { waitUntil: 'load' });
  return page.evaluate<Layout>(LAYOUT_PROBE);
}

describe('incident emails in Chromium at a phone width', () => {
  for (const lang of ['en', 'fr'] as const) {
    it(`lays out the incident, update and recovery emails (${lang}): bars at their widths, nothing wider than the screen, customers' markup as text`, async () => {
      // Prepare: the expected bars, from the trend's negative shares (the worst rule), scaled to the largest.
      const shares = billingTrend().map((p) => p.score.negativeShare ?? 0);
      const expected = shares.map((s) => Math.max(1, Math.round((s / Math.max(0.35, ...shares)) * CHART_BAR_PX)));
      const { page, requests, dialogs } = await chromium.phonePage();
      try {
        for (const [name, email] of emails(lang)) {
          // Act
          const layout = await open(page, email.html);
          await page.screenshot({ path: `${SCREENSHOTS}${name}.png`, fullPage: true });
          // Assess: the chart, in CSS pixels; red from the day past the threshold.
          expect(layout.bars.map((b) => b.width), name).toEqual(expected);
          expect(layout.bars.every((b) => b.height === 12), name).toBe(true);
          expect(layout.bars.at(-1)!.colour, name).toBe('rgb(198, 40, 40)');
          expect(layout.bars[0]!.colour, name).toBe('rgb(91, 127, 166)');
          // Assess: a phone shows it without scrolling sideways, the long link wrapped.
          expect(layout.overflowing, name).toEqual([]);
          expect(layout.scrollWidth, name).toBeLessThanOrEqual(PHONE.width);
          // Assess: the hostile verbatim is text on the page; it made no element, ran nothing.
          expect(layout.elements, name).not.toContain('img');
          expect(layout.elements, name).not.toContain('script');
          expect(layout.boldTexts, name).not.toContain('Facture');
          if (!name.startsWith('recovery')) {
            expect(layout.text, name).toContain(HOSTILE_VERBATIM.replace('jean.dupont@gmail.com', '[EMAIL]').replace('\u202E', '').replace(/\s+/g, ' '));
            expect(layout.text, name).toContain(LONG_WORD.slice(0, 30));
          }
        }
        expect(dialogs).toEqual([]);
        expect(outsideRequests(requests)).toEqual([]);
      } finally {
        await page.close();
      }
    });
  }
});
