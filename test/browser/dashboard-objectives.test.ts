/**
 * The overview's "off track on an objective" section in Debian's Chromium: the page built by Vite,
 * served by the local stack's HTTP server with its own sign-in, and the real read API handler
 * over eight weeks of counted feedback (test/support/objectives-world.ts). English and French, a
 * desktop and a phone, axe-core with no serious or critical violation; screenshots in
 * test/.screenshots/dashboard-off-track-*.png.
 */
import { MemoryTopicSummaries } from '../support/memory-topic-summaries';
import { existsSync, mkdirSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { build } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dashboardSite, WEB_VITE_CONFIG } from '../../cli/local/dashboard-assets';
import { createLocalDashboardAuth, tokenOfRequest, type LocalDashboardAuth } from '../../cli/local/dashboard-auth';
import { dashboardSignInRoute } from '../../cli/local/dashboard-sign-in';
import { createApiServer } from '../../cli/local/http-server';
import { makeReadApiHandler } from '../../functions/handlers/read-api-handler';
import { LOCAL_SIGN_IN_PATH } from '../../shared/domain/dashboard/contract';
import { MemoryControlStore, silentLogger } from '../support/handler-deps';
import { DIGEST_RUN, objectivesWorld } from '../support/objectives-world';

const ROOT = resolve(import.meta.dirname, '../..');
const CHROMIUM = '/usr/bin/chromium';
const SCREENSHOTS = join(ROOT, 'test/.screenshots');
const VIEWPORTS = { desktop: { width: 1280, height: 900 }, phone: { width: 390, height: 844 } };

let browser: Browser | undefined;
let server: Server | undefined;
let base = '';
let distDir = '';
let auth: LocalDashboardAuth | undefined;
let axeSource = '';

beforeAll(async () => {
  distDir = await mkdtemp(join(tmpdir(), 'cv-web-objectives-'));
  await build({ configFile: WEB_VITE_CONFIG, logLevel: 'silent', build: { outDir: distDir, emptyOutDir: true } });
  const world = await objectivesWorld('en');
  const readApi = makeReadApiHandler({ ...world, store: { verbatims: async () => [], sharedPairs: async () => [] }, topics: new MemoryTopicSummaries(), timeZone: world.zone, control: new MemoryControlStore(), logger: silentLogger(), now: () => DIGEST_RUN });
  const signIn = () => auth!;
  server = createApiServer({ readApi }, (e) => console.error(e), {
    local: [dashboardSignInRoute({ auth: signIn, adminKey: () => 'unused-admin-key', departments: () => world.departments })],
    authorizer: async (req) => {
      const token = tokenOfRequest(req.headers);
      return token ? (await signIn().verify(token))?.claims : undefined;
    },
    site: dashboardSite({ distDir, config: { auth: 'local', apiBase: '' } }),
  });
  await new Promise<void>((ok) => server!.listen(0, '127.0.0.1', ok));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  auth = createLocalDashboardAuth(base);
  axeSource = await readFile(join(ROOT, 'node_modules/axe-core/axe.min.js'), 'utf8');
  mkdirSync(SCREENSHOTS, { recursive: true });
  if (existsSync(CHROMIUM)) browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'] });
}, 300_000);

afterAll(async () => {
  await browser?.close();
  await new Promise<void>((ok) => (server ? server.close(() => ok()) : ok()));
  if (distDir) await rm(distDir, { recursive: true, force: true });
});

interface AxeViolation {
  id: string;
  impact: string | null;
  nodes: string[];
}

const EXPECTED = {
  en: {
    heading: 'Off track on an objective',
    departments: ['Billing', 'Delivery'],
    objectives: [
      'NPS ≥ 30 by 10 Dec 2026 — now 24, 6 to go — at this pace, reached around 21 Dec 2026, after the target date',
      'Sentiment index ≥ 50 by 30 Jun 2027 — now -2, 52 to go — moving away from the target',
    ],
  },
  fr: {
    heading: 'Hors trajectoire sur un objectif',
    departments: ['Facturation', 'Livraison'],
    objectives: [
      'NPS ≥ 30 d’ici le 10 déc. 2026 — actuellement 24, reste 6 — à ce rythme, atteint vers le 21 déc. 2026, après l’échéance',
      'Indice de sentiment ≥ 50 d’ici le 30 juin 2027 — actuellement -2, reste 52 — s’éloigne de l’objectif',
    ],
  },
} as const;

/** An officer's browser, signed in through the stack's sign-in link (axe is injected inline: CSP bypassed for the audit). */
async function officerPage(lang: 'en' | 'fr', viewport: { width: number; height: number }, next = '/') {
  if (!browser) throw new Error(`this test needs Debian's chromium at ${CHROMIUM}: sudo apt-get install -y chromium`);
  const context = await browser.newContext({ locale: lang === 'en' ? 'en-GB' : 'fr-FR', viewport, bypassCSP: true });
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('pageerror', (e) => problems.push(e.message));
  page.on('console', (m) => (m.type() === 'error' ? problems.push(m.text()) : undefined));
  const token = await auth!.issue({ email: 'cco@example.com', officer: true });
  await page.goto(`${base}${LOCAL_SIGN_IN_PATH}?token=${encodeURIComponent(token)}&next=${encodeURIComponent(next)}`, { waitUntil: 'networkidle' });
  return { context, page, problems };
}

async function seriousViolations(page: import('playwright-core').Page): Promise<AxeViolation[]> {
  await page.addScriptTag({ content: axeSource });
  const violations = await page.evaluate<AxeViolation[]>(
    `axe.run(document, { resultTypes: ['violations'] }).then((r) => r.violations.map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.map((n) => n.target.join(' ')) })))`,
  );
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}

/** Text as a reader sees it, with the locale's minus and narrow spaces as plain ones. */
const plain = (texts: string[]) => texts.map((t) => t.replace(/\u2212/g, '-').replace(/\u00a0|\u202f/g, ' '));

describe('the overview lists the departments off track on an objective', () => {
  for (const lang of ['en', 'fr'] as const) {
    for (const [device, viewport] of Object.entries(VIEWPORTS)) {
      it(`in ${lang} on a ${device}: each department with its objectives and where its pace leads, axe clean`, async () => {
        // Prepare + Act: an officer's sign-in link, opened as a person clicks it.
        const { context, page, problems } = await officerPage(lang, viewport);
        try {
          const section = page.locator('section[aria-labelledby="off-track"]');
          await section.waitFor({ timeout: 60_000 });
          await page.screenshot({ path: join(SCREENSHOTS, `dashboard-off-track-${lang}-${device}.png`), fullPage: true });
          // Assess: the names link to each department's page; the texts say the gap and where the pace leads.
          const want = EXPECTED[lang];
          expect(await section.locator('h2').innerText()).toBe(want.heading);
          expect(await section.locator('.off-track-list > li > a').allInnerTexts()).toEqual(want.departments);
          expect(await section.locator('.off-track-list > li > a').first().getAttribute('href')).toBe('/departments/billing');
          expect(plain(await section.locator('.off-track-list ul li').allInnerTexts())).toEqual(want.objectives);
          expect(await seriousViolations(page)).toEqual([]);
          expect(problems).toEqual([]);
        } finally {
          await context.close();
        }
      }, 120_000);
    }
  }
});

describe('a department page shows its objectives', () => {
  for (const lang of ['en', 'fr'] as const) {
    it(`in ${lang}: every target with its gap and where its pace leads, the off-track ones said so, axe clean`, async () => {
      const { context, page, problems } = await officerPage(lang, VIEWPORTS.desktop, '/departments/billing');
      try {
        const section = page.locator('section[aria-labelledby="objectives"]');
        await section.waitFor({ timeout: 60_000 });
        await page.waitForFunction('!document.querySelector(".loading")');
        await page.screenshot({ path: join(SCREENSHOTS, `dashboard-objectives-${lang}.png`), fullPage: false });
        expect(plain(await section.locator('li').allInnerTexts())).toEqual(
          lang === 'en'
            ? [
                'Off track: NPS ≥ 30 by 10 Dec 2026 — now 24, 6 to go — at this pace, reached around 21 Dec 2026, after the target date',
                'Negative share ≤ 20% by 31 Dec 2026 — now 26%, 6 pts to go — on track: reached around 21 Dec 2026',
              ]
            : [
                'Hors trajectoire : NPS ≥ 30 d’ici le 10 déc. 2026 — actuellement 24, reste 6 — à ce rythme, atteint vers le 21 déc. 2026, après l’échéance',
                'Part négative ≤ 20 % d’ici le 31 déc. 2026 — actuellement 26 %, reste 6 pts — en bonne voie : atteint vers le 21 déc. 2026',
              ],
        );
        expect(await seriousViolations(page)).toEqual([]);
        expect(problems).toEqual([]);
      } finally {
        await context.close();
      }
    }, 120_000);
  }
});
