/**
 * The whole weekly digest (every section, ten departments with long French names) as a mail
 * client shows it: Debian's Chromium at a 375 px phone width and at a desktop width, network cut
 * off. On the phone nothing may be wider than the screen (the officer reads it there) and no figure
 * of the ranking may be lost; on the desktop the ranking stays one table row per department.
 * Screenshots: test/.screenshots/digest-full-{fr,en}-{phone,desktop}.png.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sendWeeklyDigest } from '../../shared/app/weekly-digest';
import { launchEmailBrowser, missingChromium, outsideRequests, PHONE, SCREENSHOTS } from '../support/email-browser';
import { assertOnlyOwnMarkup } from '../support/email-markup';
import { fullDigestWorld } from '../support/full-digest-world';

const DESKTOP = { width: 1000, height: 900 };

let browser: Browser | undefined;
beforeAll(async () => {
  browser = await launchEmailBrowser();
});
afterAll(async () => {
  await browser?.close();
});

/** Runs in the page (a string: the project's TypeScript has no DOM library). */
const LAYOUT = `(() => {
  const width = window.innerWidth;
  const visible = (e) => { const r = e.getBoundingClientRect(); return r.width > 0 && r.height > 0; };
  const ranking = [...document.querySelectorAll('h3')].find((h) => /^(Ranking|Classement)/.test(h.textContent));
  let table = ranking && ranking.nextElementSibling;
  while (table && table.tagName !== 'TABLE') table = table.nextElementSibling;
  const rows = table ? [...table.querySelectorAll('tr')].filter(visible) : [];
  return {
    width,
    scrollWidth: document.documentElement.scrollWidth,
    tooWide: [...document.body.querySelectorAll('*')]
      .filter((e) => { const r = e.getBoundingClientRect(); return r.right > width + 0.5 || r.left < -0.5; })
      .map((e) => e.tagName.toLowerCase() + ': ' + (e.textContent || '').slice(0, 40)),
    text: document.body.innerText,
    rankingRows: rows.map((tr) => [...tr.children].filter(visible).map((c) => c.innerText.replace(/\\s+/g, ' ').trim())),
    tags: [...new Set([...document.querySelectorAll('*')].map((e) => e.tagName.toLowerCase()))],
  };
})()`;

interface Layout {
  width: number;
  scrollWidth: number;
  tooWide: string[];
  text: string;
  rankingRows: string[][];
  tags: string[];
}

describe('the full weekly digest in Chromium, on a phone and on a desktop', () => {
  for (const lang of ['fr', 'en'] as const) {
    it(`fits a 375 px screen without losing a figure, and keeps the desktop table (${lang})`, async () => {
      if (!browser) throw missingChromium();
      // Arrange
      const deps = await fullDigestWorld(lang);
      const { digest } = await sendWeeklyDigest(deps);
      const email = deps.mailer.sent[0]!;
      const page = await browser.newPage({ viewport: DESKTOP });
      const requests: string[] = [];
      page.on('request', (r) => requests.push(r.url()));
      try {
        // Act
        await page.setContent(email.html, { waitUntil: 'load' });
        const desktop = await page.evaluate<Layout>(LAYOUT);
        await page.screenshot({ path: `${SCREENSHOTS}digest-full-${lang}-desktop.png`, fullPage: true });
        await page.setViewportSize(PHONE);
        const phone = await page.evaluate<Layout>(LAYOUT);
        await page.screenshot({ path: `${SCREENSHOTS}digest-full-${lang}-phone.png`, fullPage: true });

        // Assess: the world fills every section and ranks nine departments.
        expect(digest.ranking).toHaveLength(9);
        expect(digest.recognition?.recognised.length).toBeGreaterThan(0);
        expect(digest.hotspots.length).toBeGreaterThan(0);
        expect(digest.fixChecks?.length).toBeGreaterThan(0);
        expect(digest.objectives?.length).toBeGreaterThan(0);
        expect(digest.whatIsNew?.length).toBeGreaterThan(0);
        // Desktop: one row per ranked department with its eight columns, header first.
        expect(desktop.rankingRows).toHaveLength(10);
        expect(desktop.rankingRows.every((r) => r.length === 8)).toBe(true);
        expect(desktop.rankingRows[0]).toEqual(lang === 'fr' ? ['Rang', 'Département', 'Progrès (pts)', 'Indice', 'Δ NPS', 'NPS', 'Part négative', 'Avis'] : ['Rank', 'Department', 'Progress (pts)', 'Index', 'Δ NPS', 'NPS', 'Negative share', 'Items']);
        expect(desktop.scrollWidth).toBeLessThanOrEqual(DESKTOP.width);
        // Phone: nothing wider than the screen.
        expect(phone.width).toBe(PHONE.width);
        expect(phone.tooWide).toEqual([]);
        expect(phone.scrollWidth).toBeLessThanOrEqual(PHONE.width);
        // …and every ranked department still shows its name and each of its figures.
        const phoneText = phone.text.replace(/\s+/g, ' ');
        for (const row of desktop.rankingRows.slice(1)) {
          for (const cell of row) expect(phoneText).toContain(cell);
        }
        // Plain text: each ranked department on two lines, its name then its figures after their headers.
        expect(email.text).toContain(
          lang === 'fr'
            ? '1. Service clientèle et traitement des réclamations de second niveau\n   Progrès (pts) +32,8 · Indice 11,1 · Δ NPS +46,3 · NPS 50 · Part négative 44,4 % · Avis 108\n2. Fidélisation'
            : '1. Customer service and second-level complaints\n   Progress (pts) +32.8 · Index 11.1 · Δ NPS +46.3 · NPS 50 · Negative share 44.4% · Items 108\n2. Retention',
        );
        // The names (one with an ampersand) show as text; nothing from them became markup.
        expect(phone.text).toContain(lang === 'fr' ? 'Partenariats & distributeurs agréés' : 'Partnerships & authorised resellers');
        expect(phone.tags).not.toContain('img');
        assertOnlyOwnMarkup(email.html, { dashboardUrl: 'https://dashboard.example.com/' });
        expect(outsideRequests(requests)).toEqual([]);
      } finally {
        await page.close();
      }
    });
  }
});
