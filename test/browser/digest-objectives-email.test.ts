/**
 * The weekly digest's objectives and "did the fix work?" sections as a mail client shows them:
 * rendered by Debian's Chromium at a desktop and a phone width, network cut off. Asserts what the
 * browser laid out and writes screenshots to test/.screenshots/ (git-ignored) to look at.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sendWeeklyDigest } from '../../shared/app/weekly-digest';
import { objectivesConfig, objectivesWorld } from '../support/objectives-world';

const CHROMIUM = '/usr/bin/chromium';
const SCREENSHOTS = fileURLToPath(new URL('../.screenshots/', import.meta.url));
const HOSTILE = { en: 'Billing <img src=x onerror=alert(1)>', fr: 'Facturation <img src=x onerror=alert(1)>' };

let browser: Browser | undefined;
beforeAll(async () => {
  if (!existsSync(CHROMIUM)) return;
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'] });
  mkdirSync(SCREENSHOTS, { recursive: true });
});
afterAll(async () => {
  await browser?.close();
});

/** Runs in the page (a string: the project's TypeScript has no DOM library). */
const PROBE = `(() => {
  const section = (title) => {
    const h = [...document.querySelectorAll('h2,h3')].find((e) => e.textContent.startsWith(title));
    if (!h) return null;
    const out = [];
    for (let e = h.nextElementSibling; e && !/^H[23]$/.test(e.tagName); e = e.nextElementSibling) out.push(e);
    return {
      rows: out.flatMap((e) => [...e.querySelectorAll('tr')].map((tr) => [...tr.children].map((c) => c.innerText.trim()))),
      items: out.flatMap((e) => [...e.querySelectorAll('li')].map((li) => li.innerText.trim())),
      intro: out.filter((e) => e.tagName === 'P').map((p) => p.innerText.trim()),
    };
  };
  return {
    objectives: section(${JSON.stringify('Objectives')}) ?? section(${JSON.stringify('Objectifs')}),
    fix: section(${JSON.stringify('Did the fix work?')}) ?? section(${JSON.stringify('La correction a-t-elle marché ?')}),
    nowrapDates: [...document.querySelectorAll('li span')].filter((e) => getComputedStyle(e).whiteSpace === 'nowrap' && /^\\d{4}-\\d{2}-\\d{2}$/.test(e.textContent)).length,
    elements: [...new Set([...document.querySelectorAll('*')].map((e) => e.tagName.toLowerCase()))],
  };
})()`;

interface Probe {
  objectives: { rows: string[][]; items: string[]; intro: string[] } | null;
  fix: { rows: string[][]; items: string[]; intro: string[] } | null;
  nowrapDates: number;
  elements: string[];
}

describe('digest objectives and fix checks in Chromium', () => {
  for (const lang of ['en', 'fr'] as const) {
    it(`lays out the objective lines and the fix-check lines (${lang}), hostile names as text`, async () => {
      if (!browser) throw new Error(`this test needs Debian's chromium at ${CHROMIUM}: sudo apt-get install -y chromium`);
      // Prepare
      const deps = await objectivesWorld(lang, objectivesConfig(HOSTILE));
      await sendWeeklyDigest(deps);
      const page = await browser.newPage({ viewport: { width: 900, height: 900 } });
      const requests: string[] = [];
      page.on('request', (r) => requests.push(r.url()));
      try {
        // Act
        await page.setContent(deps.mailer.sent[0]!.html, { waitUntil: 'load' });
        const probe = await page.evaluate<Probe>(PROBE);
        await page.screenshot({ path: `${SCREENSHOTS}digest-objectives-${lang}.png`, fullPage: true });
        await page.setViewportSize({ width: 375, height: 740 });
        await page.screenshot({ path: `${SCREENSHOTS}digest-objectives-${lang}-phone.png`, fullPage: true });
        // Assess: three target lines, the off-track ones first and marked, dates kept whole.
        const lines = probe.objectives!.items;
        // A figure keeps its unit on a phone: `6 pts` is joined by a no-break space.
        expect(lines[1]).toContain('6\u00a0pts');
        expect(lines.map((l) => l.replace(/\u00a0/g, ' '))).toEqual(
          lang === 'en'
            ? [
                `⚠ ${HOSTILE.en} — NPS ≥ 30 by 2026-12-10: now 24, 6 to go, +2 / week; off track: at this pace, reached in about 3 weeks (around 2026-12-21), after 2026-12-10`,
                `${HOSTILE.en} — negative share ≤ 20% by 2026-12-31: now 26%, 6 pts to go, -2 pts / week; on track: reached in about 3 weeks (around 2026-12-21)`,
                '⚠ Delivery — sentiment index ≥ 50 by 2027-06-30: now -2, 52 to go, -6 / week; off track: moving away',
              ]
            : [
                `⚠ ${HOSTILE.fr} — NPS ≥ 30 d’ici le 2026-12-10 : actuellement 24, reste 6, +2 / sem. ; hors trajectoire : à ce rythme, atteint dans 3 semaines environ (vers le 2026-12-21), après le 2026-12-10`,
                `${HOSTILE.fr} — part négative ≤ 20 % d’ici le 2026-12-31 : actuellement 26 %, reste 6 pts, -2 pts / sem. ; en bonne voie : atteint dans 3 semaines environ (vers le 2026-12-21)`,
                '⚠ Livraison — indice de sentiment ≥ 50 d’ici le 2027-06-30 : actuellement -2, reste 52, -6 / sem. ; hors trajectoire : s’éloigne de l’objectif',
              ],
        );
        expect(probe.nowrapDates).toBeGreaterThan(10);
        expect(probe.objectives!.intro[0]).toMatch(lang === 'en' ? /^Off track: Billing <img src=x onerror=alert\(1\)>, Delivery\./ : /^Hors trajectoire : Facturation <img src=x onerror=alert\(1\)>, Livraison\./);
        expect(probe.fix!.items).toHaveLength(2);
        expect(probe.fix!.items[0]).toMatch(lang === 'en' ? /^\[resolved and recovered\] Billing <img/ : /^\[résolu et rétabli\] Facturation <img/);
        expect(probe.elements).not.toContain('img');
        expect(requests.filter((u) => !u.startsWith('about:') && !u.startsWith('data:'))).toEqual([]);
      } finally {
        await page.close();
      }
    });
  }
});
