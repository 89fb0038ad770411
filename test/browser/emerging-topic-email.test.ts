/**
 * The incident email of an emerging negative topic as a mail client shows it: Debian's Chromium at
 * a 375 px phone width, network cut off. The rule comes from the real assessment and grouping
 * (assessEmergingTopicRule → groupIntoObservations), so the email shows what the pipeline writes.
 * Screenshots go to test/.screenshots/emerging-topic-*.png.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderIncidentEmail } from '../../shared/app/incident-email';
import { assessEmergingTopicRule } from '../../shared/domain/alerts/emerging-topic-rule';
import { groupIntoObservations } from '../../shared/domain/alerts/incident-grouping';
import type { IncidentRule } from '../../shared/domain/alerts/incident';
import type { TopicWindow } from '../../shared/domain/topics/contract';
import { launchEmailBrowser, missingChromium, PHONE, SCREENSHOTS } from '../support/email-browser';
import { assertOnlyOwnMarkup } from '../support/email-markup';
import { billingIncident, billingTrend, HOSTILE_VERBATIM, incidentConfig, incidentSettings, parisDay } from '../support/incidents';

const ZONE = 'Europe/Paris';
const PHRASE = 'appli <i>plante</i> au paiement';

let browser: Browser | undefined;

beforeAll(async () => {
  browser = await launchEmailBrowser();
});

afterAll(async () => {
  await browser?.close();
});

/** 28 quiet Paris days of billing, then 2 December with 11 items of a new, mostly negative topic. */
function emergingRule(): IncidentRule {
  const day = (d: number) => new Date(Date.parse(parisDay(2)) + d * 86_400_000).toISOString();
  const series: TopicWindow[] = Array.from({ length: 29 }, (_, i) => ({
    window: day(i - 28),
    items: 100,
    negativeItems: 12,
    entries: [{ key: 'factur', phrase: 'facture', count: 30, negative: 6, error: 0 }, ...(i === 28 ? [{ key: 'appli plant paiement', phrase: PHRASE, count: 11, negative: 9, error: 0 }] : [])],
  }));
  const examples = new Map([
    [
      'appli plant paiement',
      [
        { id: 'fb_10', text: HOSTILE_VERBATIM, occurredAt: '2026-12-02T08:30:00.000Z' },
        { id: 'fb_11', text: 'L’appli plante au moment de payer, trois fois ce matin.', occurredAt: '2026-12-02T09:10:00.000Z' },
        { id: 'fb_12', text: 'The app crashes at checkout and my basket is gone.', occurredAt: '2026-12-02T10:05:00.000Z' },
      ],
    ],
  ]);
  const assessment = assessEmergingTopicRule({ scope: { kind: 'dept', id: 'billing' }, zone: ZONE, series, names: { en: 'Billing', fr: 'Facturation' } }, examples);
  expect(assessment.status).toBe('firing');
  const [observation] = groupIntoObservations({
    window: assessment.window,
    assessments: [{ scope: { kind: 'dept', id: 'billing' }, assessments: [assessment] }],
    config: incidentConfig(),
    carriedBy: new Map(),
    openScopeKeys: new Set(),
    now: new Date('2026-12-02T11:00:00Z'),
  });
  return observation!.broken[0]!;
}

describe('the emerging negative topic incident email in Chromium at a phone width', () => {
  for (const lang of ['en', 'fr'] as const) {
    it(`names the topic with its test, support and examples, escaped, alone and beside other rules (${lang})`, async () => {
      if (!browser) throw missingChromium();
      const rule = emergingRule();
      const alone = billingIncident({ rules: [rule], severity: 'major', verbatims: [] });
      const together = billingIncident({ rules: [...billingIncident().rules, rule] });
      const page = await browser.newPage({ viewport: PHONE });
      const requests: string[] = [];
      page.on('request', (r) => requests.push(r.url()));
      try {
        for (const [name, incident] of [['alone', alone], ['with-other-rules', together]] as const) {
          const email = renderIncidentEmail({ incident, recipient: { address: 'cco@example.com', lang, role: 'officer' }, trend: billingTrend(), settings: incidentSettings() });
          assertOnlyOwnMarkup(email.html);
          await page.setContent(email.html, { waitUntil: 'load' });
          await page.screenshot({ path: `${SCREENSHOTS}emerging-topic-${name}-${lang}.png`, fullPage: true });
          const layout = await page.evaluate<{ text: string; tags: string[]; scrollWidth: number; bars: number }>(
            `(() => ({ text: document.body.innerText, tags: [...new Set([...document.querySelectorAll('*')].map((e) => e.tagName.toLowerCase()))], scrollWidth: document.documentElement.scrollWidth, bars: document.querySelectorAll('td > div').length }))()`,
          );
          // The phrase is text, quoted in the reader's way; the customer's markup made no element.
          expect(layout.text).toContain(lang === 'fr' ? `« ${PHRASE} »` : `“${PHRASE}”`);
          expect(layout.tags).not.toContain('i');
          expect(layout.tags).not.toContain('img');
          expect(layout.text).toContain(lang === 'fr' ? '11 avis sur 100' : '11 of 100 items');
          expect(layout.text).toContain(lang === 'fr' ? 'test binomial conditionnel' : 'conditional binomial test');
          expect(layout.text).toContain('L’appli plante au moment de payer');
          expect(layout.text).toContain('[EMAIL]');
          expect(layout.text).not.toContain('jean.dupont@gmail.com');
          expect(layout.scrollWidth).toBeLessThanOrEqual(PHONE.width);
          // A topic's statistic is no score to chart: alone, no chart; beside other rules, theirs.
          expect(layout.bars > 0).toBe(name === 'with-other-rules');
        }
        expect(requests.filter((u) => !u.startsWith('about:') && !u.startsWith('data:'))).toEqual([]);
      } finally {
        await page.close();
      }
    });
  }
});
