/**
 * `customer-voice bench dashboard-page`: how long the officer waits for the overview at the issue's
 * size. A real local stack (the page built by Vite and served on the API's origin, the real read
 * API, DynamoDB Local) with twenty departments and a year of daily aggregates, opened in Debian's
 * Chromium: from following the sign-in link (what `npm start` prints) to the league table showing
 * every department, then the same page reloaded with the session cookie. Browser-side timings from
 * navigation start to the frame the last row appears in (noted by the page itself), so the
 * browser's start-up and the driver's own work are left out.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { documentClient } from '../shared/adapters/dynamo-client';
import { AGGREGATE_SHARDS } from '../shared/resources';
import { benchDepartments } from './bench-dashboard';
import { writeDashboardYear } from './dashboard-year';
import { ensureDashboardBuilt } from './local/dashboard-assets';
import { localClientConfig } from './local/local-aws';
import { startLocalStack } from './local/stack';

const CHROMIUM = '/usr/bin/chromium';

export interface DashboardPageBenchResult {
  departments: number;
  days: number;
  aggregateRows: number;
  runs: number;
  loadAverage: [number, number];
  /** Milliseconds from navigation start until every department's row is on screen. */
  signIn: { p50Ms: number; p95Ms: number };
  reload: { p50Ms: number; p95Ms: number };
  /** Where the first (cold) sign-in run's time went: the navigation's steps and each request, from navigation start. */
  coldBreakdown: TimelineEntry[];
  /** The same for the last sign-in run (warm server, fresh browser context). */
  warmBreakdown: TimelineEntry[];
}

export interface TimelineEntry {
  what: string;
  startMs: number;
  endMs: number;
}

/**
 * Runs in the page (a string: the bundler's helpers would not exist there): the navigation's
 * redirect, document and DOM steps, then every request it made in start order, in ms from
 * navigation start, as TimelineEntry objects.
 */
const PAGE_TIMELINE = `(() => {
  const round = Math.round;
  const nav = performance.getEntriesByType('navigation')[0];
  const steps = nav ? [
    { what: 'sign-in redirect', startMs: round(nav.redirectStart), endMs: round(nav.redirectEnd) },
    { what: 'document', startMs: round(nav.requestStart), endMs: round(nav.responseEnd) },
    { what: 'DOM content loaded', startMs: round(nav.responseEnd), endMs: round(nav.domContentLoadedEventEnd) },
  ] : [];
  const requests = performance.getEntriesByType('resource').map((e) => {
    const url = new URL(e.name);
    return { what: e.initiatorType + ' ' + url.pathname + url.search, startMs: round(e.startTime), endMs: round(e.responseEnd) };
  }).sort((a, b) => a.startMs - b.startMs);
  const shown = round(window.__rowsShownAt);
  return [...steps, ...requests, { what: 'every row shown', startMs: shown, endMs: shown }];
})()`;

/**
 * Installed before the page's own code: notes the frame in which the league table first holds
 * `rows` rows (`__rowsShownAt`, ms from navigation start). Measured in the page, so the driver's
 * own work (injecting its scripts into a fresh context, polling, the round trip) is not counted.
 */
const rowsShownMarker = (rows: number) => `(() => {
  const observer = new MutationObserver(() => {
    if (document.querySelectorAll('table.league tbody tr').length < ${rows}) return;
    observer.disconnect();
    requestAnimationFrame(() => { window.__rowsShownAt = performance.now(); });
  });
  observer.observe(document, { childList: true, subtree: true });
})()`;

/** The marker's time once it is set (the driver saw the rows, so the frame is at most one away). */
async function rowsShownAt(page: { waitForFunction(script: string): Promise<unknown>; evaluate(script: string): Promise<unknown> }): Promise<number> {
  await page.waitForFunction('window.__rowsShownAt !== undefined');
  return Number(await page.evaluate('window.__rowsShownAt'));
}

const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return Math.round(sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]! * 10) / 10;
};

export async function runDashboardPageBench(options: { departments?: number; days?: number; runs?: number; log?: (line: string) => void } = {}): Promise<DashboardPageBenchResult> {
  const say = options.log ?? (() => undefined);
  const count = options.departments ?? 20;
  const days = options.days ?? 365;
  const runs = options.runs ?? 10;
  const config = benchDepartments(count);
  // playwright-core is a development dependency: the bench runs from a clone, like the tests.
  const { chromium } = await import('playwright-core');
  await ensureDashboardBuilt({ log: say });
  const dataDir = await mkdtemp(join(tmpdir(), 'cv-bench-page-'));
  const before = process.env.DEPARTMENTS_CONFIG;
  process.env.DEPARTMENTS_CONFIG = JSON.stringify(config);
  const stack = await startLocalStack({ dataDir, port: 0 }).finally(() => {
    if (before === undefined) delete process.env.DEPARTMENTS_CONFIG;
    else process.env.DEPARTMENTS_CONFIG = before;
  });
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'] });
  try {
    const ddb = new DynamoDBClient(localClientConfig(stack.info.endpoints.dynamodb));
    say(`writing ${days} days of aggregates for ${count} departments into the stack…`);
    const zone = process.env.TIME_ZONE ?? 'Europe/Paris';
    const aggregateRows = await writeDashboardYear(documentClient(ddb), stack.info.resources.tables, config, { days, end: new Date(), zone, shards: AGGREGATE_SHARDS, perDay: 40 });
    ddb.destroy();

    const load0 = loadavg()[0]!;
    const signIn: number[] = [];
    const reload: number[] = [];
    const timelines: TimelineEntry[][] = [];
    for (let i = 0; i < runs; i++) {
      const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
      await context.addInitScript(rowsShownMarker(count));
      const page = await context.newPage();
      await page.goto(stack.info.dashboardUrl, { waitUntil: 'commit' });
      await page.locator('table.league tbody tr').nth(count - 1).waitFor({ timeout: 30_000 });
      signIn.push(await rowsShownAt(page));
      timelines.push((await page.evaluate(PAGE_TIMELINE)) as TimelineEntry[]);
      await page.reload({ waitUntil: 'commit' });
      await page.locator('table.league tbody tr').nth(count - 1).waitFor({ timeout: 30_000 });
      reload.push(await rowsShownAt(page));
      await context.close();
    }
    return {
      departments: count,
      days,
      aggregateRows,
      runs,
      loadAverage: [Math.round(load0 * 10) / 10, Math.round(loadavg()[0]! * 10) / 10],
      signIn: { p50Ms: percentile(signIn, 50), p95Ms: percentile(signIn, 95) },
      reload: { p50Ms: percentile(reload, 50), p95Ms: percentile(reload, 95) },
      coldBreakdown: timelines[0] ?? [],
      warmBreakdown: timelines.at(-1) ?? [],
    };
  } finally {
    await browser.close();
    await stack.stop();
    await rm(dataDir, { recursive: true, force: true });
  }
}

export function formatDashboardPageBench(r: DashboardPageBenchResult): string {
  return [
    `dashboard page: the overview in Chromium, ${r.departments} departments, ${r.days} days of daily aggregates (${r.aggregateRows} rows), ${r.runs} runs`,
    `                                   p50 ms   p95 ms   (load average ${r.loadAverage[0]} → ${r.loadAverage[1]}; target ≤ 1000)`,
    `  sign-in link → every row shown ${String(r.signIn.p50Ms).padStart(9)} ${String(r.signIn.p95Ms).padStart(8)}`,
    `  reload → every row shown       ${String(r.reload.p50Ms).padStart(9)} ${String(r.reload.p95Ms).padStart(8)}`,
    ...(
      [
        ['first (cold) sign-in run', r.coldBreakdown],
        ['last sign-in run', r.warmBreakdown],
      ] as const
    ).flatMap(([title, timeline]) => [
      `  ${title}: ms from navigation start`,
      ...timeline.map((e) => `    ${String(e.startMs).padStart(5)} → ${String(e.endMs).padStart(5)}  ${e.what.slice(0, 90)}`),
    ]),
  ].join('\n');
}
