/**
 * The interface brief, the note of recognition and the digest's opening as a mail client shows
 * them: Debian's Chromium at a 375 px phone width, network cut off. Asserts what the browser laid
 * out and writes screenshots to test/.screenshots/ (git-ignored) to look at.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { renderBriefEmail } from '../../shared/app/brief-email';
import { renderDigestEmail } from '../../shared/app/digest-email';
import { CHART_BAR_PX } from '../../shared/app/email-chart';
import { renderRecognitionEmail } from '../../shared/app/recognition-email';
import type { Lang } from '../../shared/domain/alerts/wording';
import { buildDigest } from '../../shared/domain/digest';
import { activeHotspots } from '../../shared/domain/interface-briefs';
import { recognisedDepartments } from '../../shared/domain/recognition';
import { emptyCounters, previousWindow, scoreOf } from '../../shared/domain/scores';
import type { OutgoingEmail } from '../../shared/ports/mailer';
import { briefsConfig, OFFICER, SHARED_COMPLAINTS, WEEK, ZONE } from '../support/briefs';
import { emailBrowser, outsideRequests, PHONE, SCREENSHOTS } from '../support/email-browser';
import { assertOnlyOwnMarkup } from '../support/email-markup';
import { HOSTILE_NAME, HOSTILE_VERBATIM } from '../support/incidents';

const LONG_WORD = `https://support.example.com/tickets/${'x'.repeat(140)}`;
const DASHBOARD = 'https://dash.example.com';
/** Shared negative items per week, oldest first: the last is the brief's week. */
const WEEKLY_NEGATIVE = [2, 0, 4, 3, 6, 5, 9, 14];

const chromium = emailBrowser();

/** A department named with markup, a customer who pasted markup and a long link. */
const config = () => briefsConfig({ en: HOSTILE_NAME, fr: HOSTILE_NAME });

function brief(lang: Lang): OutgoingEmail {
  const windows = [new Date(WEEK)];
  while (windows.length < WEEKLY_NEGATIVE.length) windows.unshift(previousWindow(windows[0]!, 'week', ZONE));
  const weeks = windows.map((w, i) => ({ window: w.toISOString(), score: scoreOf({ ...emptyCounters(), count: WEEKLY_NEGATIVE[i]!, negative: WEEKLY_NEGATIVE[i]! }) }));
  const [hotspot] = activeHotspots([{ id: 'billing+delivery', weeks, openIncident: { id: 'billing+delivery-2026-12-02', openedAt: '2026-12-02T09:00:00.000Z' } }], config());
  const verbatims = [HOSTILE_VERBATIM, `Voir ${LONG_WORD}`, ...SHARED_COMPLAINTS.slice(4, 7)].map((text, i) => ({ id: `v${i}`, text, occurredAt: `2026-12-0${i + 1}T10:00:00.000Z` }));
  return renderBriefEmail(
    { hotspot: hotspot!, journeys: [{ id: 'delivery', items: 11 }, { id: 'billing', items: 6 }], itemsRead: 14, verbatims, audience: { lang, to: ['owner@example.com'], cc: [OFFICER] } },
    { from: 'customer-voice@example.com', departments: config(), zone: ZONE, dashboardUrl: DASHBOARD },
  );
}

function recognitionDigest() {
  const score = (positive: number, negative: number, neutral: number) => scoreOf({ ...emptyCounters(), count: positive + negative + neutral, positive, negative, neutral });
  const names = config().departments[0]!.names;
  const digest = buildDigest({ weekStart: WEEK, zone: ZONE, departments: [{ id: 'billing', names, previous: score(30, 40, 30), current: score(50, 20, 30) }] });
  const words = [HOSTILE_VERBATIM, `Merci ! ${LONG_WORD}`, 'Remboursement reçu en deux jours.'].map((text, i) => ({ id: `p${i}`, text, occurredAt: `2026-12-0${i + 2}T11:00:00.000Z` }));
  digest.recognition = { recognised: recognisedDepartments(digest.ranking), words };
  return digest;
}

function emails(lang: Lang): [string, OutgoingEmail][] {
  const digest = recognitionDigest();
  return [
    [`brief-${lang}`, brief(lang)],
    [
      `recognition-${lang}`,
      renderRecognitionEmail(
        { recognised: digest.recognition!.recognised[0]!, rankedCount: 1, weekStart: WEEK, words: digest.recognition!.words, lang, to: ['owner@example.com'] },
        { from: 'customer-voice@example.com', zone: ZONE, dashboardUrl: DASHBOARD },
      ),
    ],
    [`digest-recognition-${lang}`, renderDigestEmail(digest, { lang, from: 'customer-voice@example.com', officer: OFFICER, departments: config(), zone: ZONE })],
  ];
}

interface Layout {
  bars: { width: number; colour: string }[];
  scrollWidth: number;
  overflowing: string[];
  elements: string[];
  boldTexts: string[];
  text: string;
}

const LAYOUT_PROBE = `(() => ({
  bars: [...document.querySelectorAll('td > div')].map((d) => ({ width: d.getBoundingClientRect().width, colour: getComputedStyle(d).backgroundColor })),
  scrollWidth: document.documentElement.scrollWidth,
  overflowing: [...document.body.querySelectorAll('*')]
    .filter((e) => e.getBoundingClientRect().right > document.documentElement.clientWidth + 0.5)
    .map((e) => e.tagName + ': ' + (e.textContent || '').slice(0, 60)),
  elements: [...new Set([...document.querySelectorAll('*')].map((e) => e.tagName.toLowerCase()))],
  boldTexts: [...document.querySelectorAll('b')].map((b) => b.textContent || ''),
  text: document.body.innerText,
}))()`;

async function open(page: Page, html: string): Promise<Layout> {
  await page.setContent(html, { waitUntil: 'load' });
  return page.evaluate<Layout>(LAYOUT_PROBE);
}

describe('interface brief, recognition note and digest opening in Chromium at a phone width', () => {
  for (const lang of ['en', 'fr'] as const) {
    it(`lays them out (${lang}): the brief's weekly bars, nothing wider than the screen, names and customers' markup as text`, async () => {
      const { page, requests, dialogs } = await chromium.phonePage();
      try {
        for (const [name, email] of emails(lang)) {
          // Act
          const layout = await open(page, email.html);
          await page.screenshot({ path: `${SCREENSHOTS}${name}.png`, fullPage: true });
          // Assess: a phone shows it without scrolling sideways; nothing the input carried became markup.
          if (name.startsWith('digest')) {
            // The digest's eight-column ranking table is wider than a phone (as before this section); its opening is not.
            expect(layout.overflowing.filter((e) => !/^(TABLE|TBODY|TR|TH|TD):/.test(e)), name).toEqual([]);
          } else {
            expect(layout.overflowing, name).toEqual([]);
            expect(layout.scrollWidth, name).toBeLessThanOrEqual(PHONE.width);
          }
          expect(layout.elements, name).not.toContain('img');
          expect(layout.elements, name).not.toContain('script');
          expect(layout.boldTexts.join(' '), name).not.toContain('Facture');
          assertOnlyOwnMarkup(email.html, { dashboardUrl: DASHBOARD });
          expect(layout.text, name).toContain('<img src=x onerror=alert(1)>');
          expect(layout.text, name).not.toContain('jean.dupont@gmail.com');
          if (!name.startsWith('digest')) expect(layout.text, name).toContain(LONG_WORD.slice(0, 30));
          expect(layout.text, name).toContain('Billing<script>alert(1)</script>');
        }
        // The brief's chart: one bar per week at its width (scaled to the largest, 14), red from the threshold (10).
        const layout = await open(page, brief(lang).html);
        expect(layout.bars.map((b) => b.width)).toEqual(WEEKLY_NEGATIVE.map((n) => Math.max(1, Math.round((n / 14) * CHART_BAR_PX))));
        expect(layout.bars.map((b) => b.colour === 'rgb(198, 40, 40)')).toEqual(WEEKLY_NEGATIVE.map((n) => n >= 10));
        expect(layout.text).toContain(lang === 'fr' ? 'Proposition : en parler ensemble' : 'A proposal: review it together');
        expect(dialogs).toEqual([]);
        expect(outsideRequests(requests)).toEqual([]);
      } finally {
        await page.close();
      }
    });
  }
});
