/**
 * The dashboard page in Debian's Chromium against the real local stack (`npm start`, on a free
 * port): the stack serves the page and signs in with its own tokens, the read API answers. Feedback
 * posted through the public API shows on the overview and the department page; a department
 * head's login sees their department and is refused another (page and API); every page passes
 * axe-core with no serious or critical violation, in English and French, on a desktop and a
 * phone, with screenshots written to test/.screenshots/dashboard-*.png for a reviewer.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DASHBOARD_PAGES } from '../../shared/domain/dashboard/contract';
import { DEFAULT_ORGANISATION } from '../../shared/domain/departments/default-config';
import { startDev, type DevProcess } from '../support/dev-process';
import { call, eventually, tempDir } from '../support/http';
import { stackState } from '../support/stack-state';

const ROOT = resolve(import.meta.dirname, '../..');
const CHROMIUM = '/usr/bin/chromium';
const AXE = join(ROOT, 'node_modules/axe-core/axe.min.js');
const SCREENSHOTS = join(ROOT, 'test/.screenshots');
const DESKTOP = { width: 1280, height: 900 };
const PHONE = { width: 390, height: 844 };
const BILLING_HEAD = 'head.billing@example.com';
/** What the billing items say: found again on the department page, redacted text and all. */
const BILLING_TEXT = 'Facture fausse, prélevé deux fois ce mois-ci';

const MISSING_CHROMIUM =
  `The dashboard browser tests need Debian's chromium at ${CHROMIUM}: install it with ` +
  '`sudo apt-get update && sudo apt-get install -y chromium` (CI: .ci/run installs it).';

let browser: Browser | undefined;
let dev: DevProcess | undefined;
let dir: Awaited<ReturnType<typeof tempDir>> | undefined;
let axeSource = '';

/** The default organisation with a head for billing: the owner whose login the scoping test uses. */
function departmentsWithBillingHead(): string {
  return JSON.stringify({
    ...DEFAULT_ORGANISATION,
    // Five items are enough for billing's rules here, so the test's few complaints open an incident.
    departments: DEFAULT_ORGANISATION.departments.map((d) => (d.id === 'billing' ? { ...d, owners: [BILLING_HEAD], thresholds: { minVolume: 5 } } : d)),
  });
}

/** Feedback of the last hours: billing complaints (some shared with delivery), delivery praise, with ratings. */
function feedbackItems(now: number) {
  const at = (minutesAgo: number) => new Date(now - minutesAgo * 60_000).toISOString();
  return [
    ...Array.from({ length: 8 }, (_, i) => ({ text: `${BILLING_TEXT}, personne ne répond.`, externalId: `e2e-billing-${i}`, occurredAt: at(5 + i), ratings: { nps: 1 + (i % 3), csat: 1 } })),
    ...Array.from({ length: 4 }, (_, i) => ({ text: 'Colis livré en retard et la facture compte les frais de livraison deux fois.', externalId: `e2e-pair-${i}`, occurredAt: at(20 + i), ratings: { nps: 3 } })),
    ...Array.from({ length: 6 }, (_, i) => ({ text: 'Parcel arrived early, lovely courier, thank you!', externalId: `e2e-delivery-${i}`, occurredAt: at(30 + i), ratings: { nps: 10, csat: 5, ces: 1 } })),
  ];
}

beforeAll(async () => {
  dir = await tempDir('dashboard-browser');
  // The stack reads the departments from its environment, as `npm start` does.
  const before = process.env.DEPARTMENTS_CONFIG;
  process.env.DEPARTMENTS_CONFIG = departmentsWithBillingHead();
  try {
    dev = await startDev(dir.path, 240_000);
  } finally {
    if (before === undefined) delete process.env.DEPARTMENTS_CONFIG;
    else process.env.DEPARTMENTS_CONFIG = before;
  }
  axeSource = await readFile(AXE, 'utf8');
  mkdirSync(SCREENSHOTS, { recursive: true });
  // Without chromium each test FAILS with how to install it (a throw here would only skip them).
  if (existsSync(CHROMIUM)) {
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
  }
}, 300_000);

afterAll(async () => {
  await browser?.close();
  if (dev && dev.child.exitCode === null) {
    dev.child.kill('SIGTERM');
    await dev.exited;
  }
  await dir?.remove();
}, 60_000);

function launched(): Browser {
  if (!browser) throw new Error(MISSING_CHROMIUM);
  return browser;
}

function stack(): DevProcess {
  if (!dev) throw new Error('the local stack did not start');
  return dev;
}

/** The token of a local sign-in link (the stack verifies it on the dashboard routes as a bearer too). */
const tokenOf = (link: string) => new URL(link).searchParams.get('token')!;

async function dashboardApi(path: string, token: string): Promise<{ status: number; body: any }> {
  const response = await fetch(`${stack().info.apiUrl}/v1/dashboard/${path}`, { headers: { authorization: `Bearer ${token}` } });
  return { status: response.status, body: await response.json().catch(() => undefined) };
}

/** A browser signed in through a sign-in link, as a person clicking it: the stack sets the cookie and opens the page. */
async function signedIn(link: string, options: { locale: 'en-GB' | 'fr-FR'; viewport: { width: number; height: number }; forAxe?: boolean }): Promise<{ context: BrowserContext; page: Page; problems: string[] }> {
  // axe-core is injected as an inline script, which the page's CSP (rightly) refuses: only the audit contexts bypass it.
  const context = await launched().newContext({ locale: options.locale, viewport: options.viewport, bypassCSP: options.forAxe === true });
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`console: ${message.text()}`);
  });
  await page.goto(link, { waitUntil: 'networkidle' });
  return { context, page, problems };
}

/** Opens a page path and waits until it has its title and nothing is loading (charts drawn when it has some). */
async function open(page: Page, path: string): Promise<void> {
  await page.goto(`${stack().info.apiUrl}${path}`, { waitUntil: 'networkidle' });
  await page.locator('h1').first().waitFor();
  await page.waitForFunction('!document.querySelector(".loading")');
  if ((await page.locator('.chart').count()) > 0) await page.waitForFunction('document.querySelectorAll(".chart").length === document.querySelectorAll(".chart canvas").length');
}

interface AxeViolation {
  id: string;
  impact: string | null;
  nodes: string[];
}

async function seriousViolations(page: Page): Promise<AxeViolation[]> {
  await page.addScriptTag({ content: axeSource });
  // A string: the project's TypeScript has no DOM library (see incident-email.test.ts).
  const violations = await page.evaluate<AxeViolation[]>(
    `axe.run(document, { resultTypes: ['violations'] }).then((r) => r.violations.map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.map((n) => n.target.join(' ')) })))`,
  );
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}

/** The department page's Topics panel. */
const topicsPanel = (page: Page) => page.locator('section', { has: page.locator('h2#topics') });

let officerLink = '';
let ownerLink = '';
/** The incident the actions test found (its page is screenshot and audited too). */
let incidentId: string | undefined;

describe('the dashboard page on the local stack', () => {
  beforeAll(async () => {
    // Prepare: feedback through the public API, processed by the stack's own pipeline.
    const { info } = stack();
    officerLink = info.dashboardUrl;
    const posted = await call(`${info.apiUrl}/v1/feedback`, { key: info.keys.ingest, body: { items: feedbackItems(Date.now()) } });
    expect(posted.status).toBe(202);
    const state = stackState(info);
    await state.drained(120_000);
    state.close();
    await eventually(
      'the posted feedback on the overview',
      async () => {
        const overview = await dashboardApi('overview?period=day', tokenOf(officerLink));
        const billing = overview.body?.departments?.find((d: { id: string }) => d.id === 'billing');
        return billing?.current.count >= 12 ? true : undefined;
      },
      120_000,
      500,
    );
    const link = await call(`${info.apiUrl}/_local/sign-in-links`, { key: info.keys.admin, body: { email: BILLING_HEAD } });
    expect(link.status).toBe(200);
    expect(link.body.ownedDepartments).toEqual(['billing']);
    ownerLink = link.body.url;
  }, 300_000);

  it('shows posted feedback on the overview and on the department page, signed in from the dashboard link', async () => {
    // Act: the link stack.json holds, as a newcomer clicks it.
    const { context, page, problems } = await signedIn(officerLink, { locale: 'en-GB', viewport: DESKTOP });
    try {
      await page.locator('table.league').waitFor();
      await page.selectOption('#period', 'day');
      await page.waitForFunction('!document.querySelector(".loading")');
      const billingRow = page.locator('table.league tr', { has: page.locator('a', { hasText: /^Billing$/ }) });
      await billingRow.waitFor();

      // Assess: the overview, with the cookie the link set (the URL has lost its token).
      expect(new URL(page.url()).pathname).toBe('/');
      expect(page.url()).not.toContain('token=');
      expect(await page.locator('h1').innerText()).toBe('Overview');
      expect(Number(await billingRow.locator('td[data-label="Items"]').innerText())).toBeGreaterThanOrEqual(12);
      expect(await page.locator('.who').innerText()).toContain('officer@example.com');

      // Act: to the department page by its link, then a reload (the session is the cookie).
      await billingRow.locator('a').click();
      await page.waitForURL(`**${DASHBOARD_PAGES.department('billing')}`);
      await open(page, DASHBOARD_PAGES.department('billing'));

      // Assess: the five trend charts drawn, the verbatims with why they are here.
      expect(await page.locator('h1').innerText()).toBe('Billing');
      expect(await page.locator('.chart canvas').count()).toBeGreaterThanOrEqual(5);
      await page.locator('.verbatims blockquote', { hasText: BILLING_TEXT }).first().waitFor();
      expect(await page.locator('.verbatims .badge.sentiment-negative').count()).toBeGreaterThan(0);
      await page.selectOption('#department-verbatims-sentiment', 'positive');
      await expect.poll(() => page.locator('.verbatims blockquote', { hasText: BILLING_TEXT }).count(), { timeout: 15_000 }).toBe(0);
      expect(problems).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('shows what billing\'s customers talk about: the Topics panel with the complaints\' topic, its examples opened from the keyboard, in English and French', async () => {
    // Prepare: the topics of the posted items counted (the panel reads the same route).
    await eventually(
      'billing\'s topics',
      async () => ((await dashboardApi('topics?department=billing&granularity=day', tokenOf(officerLink))).body?.topics ?? []).some((t: { phrases: string[] }) => t.phrases.some((p) => /factur/i.test(p))) || undefined,
      120_000,
      500,
    );
    for (const [lang, locale, heading, examples] of [
      ['en', 'en-GB', 'What they talk about', /^Examples \(\d\)$/],
      ['fr', 'fr-FR', 'Ce dont ils parlent', /^Exemples \(\d\)$/],
    ] as const) {
      const { context, page, problems } = await signedIn(officerLink, { locale, viewport: DESKTOP });
      try {
        // Act
        await open(page, DASHBOARD_PAGES.department('billing'));
        const panel = topicsPanel(page);
        const invoice = panel.locator('li.topic', { has: page.locator('.topic-phrase', { hasText: /factur/i }) }).first();
        await invoice.waitFor();
        const summary = invoice.locator('details.examples summary');
        await summary.focus();
        await page.keyboard.press('Enter');
        await invoice.locator('details.examples[open] blockquote').first().waitFor();
        await panel.screenshot({ path: join(SCREENSHOTS, `dashboard-topics-${lang}-desktop.png`) });

        // Assess: the topic with its figures, the examples being the posted (redacted) complaints.
        expect(await panel.locator('h2').innerText()).toBe(heading);
        expect(await summary.innerText()).toMatch(examples);
        expect(await invoice.locator('.meta').first().innerText()).toMatch(lang === 'en' ? /\d+ items.*negative/s : /\d+ avis.*négatifs/s);
        expect(await invoice.locator('blockquote').allInnerTexts()).toContain(`${BILLING_TEXT}, personne ne répond.`);
        expect(problems).toEqual([]);
      } finally {
        await context.close();
      }
    }
  });

  it('flags a new theme as emerging on the department page, the badge\'s reason written out, on a desktop and a phone', async () => {
    // Prepare: four weeks of the same complaint about the website in Digital, then today a new one about the app.
    const { info } = stack();
    const now = Date.now();
    const baseline = Array.from({ length: 28 * 4 }, (_, i) => ({
      text: 'Le site en ligne est lent à charger le soir.',
      externalId: `e2e-digital-baseline-${i}`,
      occurredAt: new Date(now - (1 + Math.floor(i / 4)) * 86_400_000 - (i % 4) * 3_600_000).toISOString(),
    }));
    const theme = Array.from({ length: 10 }, (_, i) => ({ text: 'L’appli plante sans arrêt, c’est insupportable.', externalId: `e2e-digital-theme-${i}`, occurredAt: new Date(now - (2 + i) * 60_000).toISOString() }));
    for (const items of [baseline.slice(0, 100), [...baseline.slice(100), ...theme]]) expect((await call(`${info.apiUrl}/v1/feedback`, { key: info.keys.ingest, body: { items } })).status).toBe(202);
    await eventually(
      'the app theme flagged emerging',
      async () => ((await dashboardApi('topics?department=digital&granularity=day', tokenOf(officerLink))).body?.topics ?? []).some((t: { emerging: unknown; phrases: string[] }) => t.emerging && t.phrases.some((p) => /appli/i.test(p))) || undefined,
      120_000,
      1000,
    );
    for (const [lang, locale, badge, why] of [
      ['en', 'en-GB', 'Emerging', /^Emerging: new, with enough items to matter \(.+: \d+ items; conditional-binomial test, statistic [\d.]+ for a threshold of 7\)\.$/],
      ['fr', 'fr-FR', 'Émergent', /^Émergent : nouveau, avec assez d’avis pour compter \(.+ : \d+ avis ; test conditional-binomial, statistique [\d,]+ pour un seuil de 7\)\.$/],
    ] as const) {
      for (const [device, viewport] of [
        ['desktop', DESKTOP],
        ['phone', PHONE],
      ] as const) {
        const { context, page, problems } = await signedIn(officerLink, { locale, viewport, forAxe: true });
        try {
          // Act
          await open(page, DASHBOARD_PAGES.department('digital'));
          const panel = topicsPanel(page);
          const flagged = panel.locator('li.topic.emerging');
          await flagged.first().waitFor();
          await panel.screenshot({ path: join(SCREENSHOTS, `dashboard-topics-emerging-${lang}-${device}.png`) });

          // Assess: the new theme's phrases are flagged (the stable complaint's are not), each with its reason in words; the page still passes axe and fits the screen.
          const phrases = await flagged.locator('.topic-phrase').allInnerTexts();
          expect(phrases).toContain('appli plante');
          for (const phrase of phrases) expect(phrase).toMatch(/appli|plante|arrêt|insupportable/);
          expect(await panel.locator('li.topic:not(.emerging) .topic-phrase').allInnerTexts()).toContain('site en ligne');
          for (const text of await flagged.locator('.emerging-badge').allInnerTexts()) expect(text).toBe(badge);
          for (const text of await flagged.locator('.emerging-why').allInnerTexts()) expect(text).toMatch(why);
          expect(await seriousViolations(page)).toEqual([]);
          expect(await page.evaluate<number>('document.documentElement.scrollWidth - document.documentElement.clientWidth')).toBeLessThanOrEqual(0);
          expect(problems).toEqual([]);
        } finally {
          await context.close();
        }
      }
    }
  }, 240_000);

  it("keeps a department head to their department: the page says so for another one, and the API answers 403", async () => {
    // Act
    const { context, page } = await signedIn(ownerLink, { locale: 'en-GB', viewport: DESKTOP });
    try {
      await page.locator('table.league').waitFor();
      const listed = await page.locator('table.league th.name a').allInnerTexts();
      await open(page, DASHBOARD_PAGES.department('delivery'));
      const forbidden = await page.locator('main [role="alert"]').innerText();
      const api = await dashboardApi('departments/delivery', tokenOf(ownerLink));
      const own = await dashboardApi('departments/billing', tokenOf(ownerLink));

      // Assess
      expect(listed).toEqual(['Billing']);
      expect(forbidden).toContain('Not yours to see');
      expect(api.status).toBe(403);
      expect(own.status).toBe(200);
    } finally {
      await context.close();
    }
  });

  it('opens the verbatims two departments share from a cell of the interfaces matrix', async () => {
    // Prepare
    const { context, page, problems } = await signedIn(officerLink, { locale: 'en-GB', viewport: DESKTOP });
    try {
      await open(page, DASHBOARD_PAGES.interfaces());

      // Act: the billing × delivery cell (the late parcel billed twice).
      await page.getByRole('button', { name: /^Billing and Delivery \(logistics\): \d+ shared negative items/ }).click();
      const shared = page.locator('section', { has: page.locator('#shared-title') });
      await shared.locator('blockquote').first().waitFor();

      // Assess
      expect(await shared.locator('h2').innerText()).toBe('Shared by Billing and Delivery (logistics)');
      expect(await shared.locator('blockquote').allInnerTexts()).toContain('Colis livré en retard et la facture compte les frais de livraison deux fois.');
      expect(await page.evaluate<string>('document.activeElement.id')).toBe('shared-title');
      expect(problems).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('acknowledges, assigns and resolves an incident from the page, showing what the API refused in its own words', async () => {
    // Prepare: the incident the billing complaints opened.
    const incident = await eventually(
      'an open billing incident',
      async () => (await dashboardApi('incidents?status=open', tokenOf(officerLink))).body?.incidents?.find((i: { scope: { department?: string } }) => i.scope.department === 'billing') as { id: string } | undefined,
      120_000,
      1000,
    );
    incidentId = incident.id;
    const { context, page, problems } = await signedIn(officerLink, { locale: 'en-GB', viewport: DESKTOP });
    try {
      await open(page, DASHBOARD_PAGES.incident(incident.id));
      const card = page.locator('article.incident');
      const message = card.locator('.action-message');
      const confirm = async () => card.getByRole('button', { name: 'Confirm' }).click();

      // Act / Assess: acknowledge, after confirming.
      await card.getByRole('button', { name: 'Acknowledge' }).click();
      expect(await card.locator('.confirm').innerText()).toContain('Acknowledge this incident?');
      await confirm();
      await expect.poll(() => message.innerText()).toBe('Acknowledged.');
      expect(await card.innerText()).toContain('Acknowledged by officer@example.com');
      expect(await card.getByRole('button', { name: 'Acknowledge' }).isDisabled()).toBe(true);

      // An address the API refuses: its message, shown as an alert; nothing assigned.
      await card.getByLabel('Email of the person who takes it').fill('not-an-address');
      await card.getByRole('button', { name: 'Assign' }).click();
      await confirm();
      await expect.poll(() => card.locator('.action-message.error').innerText()).toMatch(/^Not done: .*email address/);
      expect(await card.locator('.action-message.error').getAttribute('role')).toBe('alert');

      await card.getByLabel('Email of the person who takes it').fill(BILLING_HEAD);
      await card.getByRole('button', { name: 'Assign' }).click();
      await confirm();
      await expect.poll(() => message.innerText()).toBe('Assigned.');
      expect(await card.innerText()).toContain(`Assigned to ${BILLING_HEAD}`);

      await card.getByLabel('What was done').fill('Refunded the double debits and fixed the mandate.');
      await card.getByRole('button', { name: 'Resolve' }).click();
      expect(await card.locator('.confirm').innerText()).toContain('A resolved incident is final');
      await confirm();
      await card.locator('.badge.status-resolved').waitFor();

      // The API holds what the page showed.
      const stored = (await dashboardApi('incidents?status=resolved', tokenOf(officerLink))).body.incidents.find((i: { id: string }) => i.id === incident.id);
      expect(stored).toMatchObject({ status: 'resolved', assignee: BILLING_HEAD, acknowledged: { by: 'officer@example.com' }, resolved: { by: 'officer@example.com', note: 'Refunded the double debits and fixed the mandate.' } });
      expect(problems.filter((p) => !p.includes('400'))).toEqual([]);
    } finally {
      await context.close();
    }
  }, 180_000);

  it('tells a browser without a session how to get one, and signing out ends the session', async () => {
    // Prepare: a browser that never followed a link, and one signed in.
    const stranger = await launched().newContext({ locale: 'en-GB', viewport: DESKTOP });
    const { context, page } = await signedIn(officerLink, { locale: 'en-GB', viewport: DESKTOP });
    try {
      const anonymous = await stranger.newPage();

      // Act
      await anonymous.goto(`${stack().info.apiUrl}${DASHBOARD_PAGES.journeys()}`, { waitUntil: 'networkidle' });
      const refused = await anonymous.locator('[role="alert"]').innerText();
      await page.locator('h1').waitFor();
      await page.getByRole('button', { name: 'Sign out' }).click();
      await page.getByRole('heading', { name: 'Signed out' }).waitFor();
      await page.reload({ waitUntil: 'networkidle' });
      const afterReload = await page.locator('[role="alert"]').innerText();

      // Assess
      expect(refused).toContain('Your session ended: use the link npm start printed or customer-voice users invite.');
      expect(afterReload).toContain('Your session ended');
      expect(await anonymous.locator('table').count()).toBe(0);
    } finally {
      await stranger.close();
      await context.close();
    }
  });

  it('switches to French on request and keeps the choice across a reload', async () => {
    // Prepare
    const { context, page } = await signedIn(officerLink, { locale: 'en-GB', viewport: DESKTOP });
    try {
      await page.locator('h1').waitFor();

      // Act
      await page.getByRole('button', { name: 'Français' }).click();
      const switched = await page.locator('h1').innerText();
      await page.reload({ waitUntil: 'networkidle' });

      // Assess
      expect(switched).toBe('Vue d’ensemble');
      expect(await page.locator('h1').innerText()).toBe('Vue d’ensemble');
      expect(await page.locator('html').getAttribute('lang')).toBe('fr');
    } finally {
      await context.close();
    }
  });

  const PAGES = [
    ['overview', DASHBOARD_PAGES.overview()],
    ['department', DASHBOARD_PAGES.department('billing')],
    ['interfaces', DASHBOARD_PAGES.interfaces()],
    ['journeys', DASHBOARD_PAGES.journeys()],
    ['incidents', DASHBOARD_PAGES.incidents()],
  ] as const;

  for (const [lang, locale] of [
    ['en', 'en-GB'],
    ['fr', 'fr-FR'],
  ] as const) {
    it(`passes axe-core on every page (${lang}, desktop and phone), nothing wider than a phone, screenshots written`, async () => {
      for (const [device, viewport] of [
        ['desktop', DESKTOP],
        ['phone', PHONE],
      ] as const) {
        const { context, page } = await signedIn(officerLink, { locale, viewport, forAxe: true });
        try {
          for (const [name, path] of [...PAGES, ...(incidentId ? ([['incident', DASHBOARD_PAGES.incident(incidentId)]] as const) : [])]) {
            // Act
            await open(page, path);
            await page.screenshot({ path: join(SCREENSHOTS, `dashboard-${name}-${lang}-${device}.png`), fullPage: true });
            const violations = await seriousViolations(page);
            const overflow = await page.evaluate<number>('document.documentElement.scrollWidth - document.documentElement.clientWidth');

            // Assess
            expect(await page.locator('html').getAttribute('lang'), `${name} ${device}`).toBe(lang);
            expect(violations, `${name} ${lang} ${device}`).toEqual([]);
            expect(overflow, `${name} ${device} is wider than the screen`).toBeLessThanOrEqual(0);
          }
        } finally {
          await context.close();
        }
      }
    }, 180_000);
  }
});
