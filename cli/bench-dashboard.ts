/**
 * `customer-voice bench dashboard`: the dashboard's API at the size. Twenty departments
 * and a year of daily aggregates in DynamoDB Local (written straight as rows, cli/dashboard-year.ts),
 * a week of verbatims stored through the real store and a few incidents; then every dashboard
 * route through the real read API handler and adapters, signed in as the officer (the claims API
 * Gateway's JWT authorizer would hand over): p50/p95 per route, and the DynamoDB read units one
 * call consumes for a week, a month and a year of range, measured by the meter in front of
 * DynamoDB Local (what DynamoDB reports with ReturnConsumedCapacity).
 */
import { randomUUID } from 'node:crypto';
import { loadavg } from 'node:os';
import { Logger } from '@aws-lambda-powertools/logger';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { makeReadApiHandler, type ReadApiDeps } from '../functions/handlers/read-api-handler';
import { DynamoAggregateReader } from '../shared/adapters/dynamo-aggregates';
import { DynamoTopicSummaries } from '../shared/adapters/dynamo-topic-summaries';
import { extractTopics } from '../shared/domain/topics/phrases';
import { documentClient } from '../shared/adapters/dynamo-client';
import { DynamoControlStore } from '../shared/adapters/dynamo-control-store';
import { DynamoFeedbackStore } from '../shared/adapters/dynamo-feedback-store';
import { DynamoIncidentStore } from '../shared/adapters/dynamo-incidents';
import type { Incident } from '../shared/domain/alerts/incident';
import type { JwtClaims } from '../shared/domain/dashboard/contract';
import { DEFAULT_DEPARTMENTS, parseDepartmentsConfig, type DepartmentsConfig } from '../shared/domain/departments/schema';
import type { HttpResponse } from '../shared/http/errors';
import type { ProcessedFeedback } from '../shared/ports/stores';
import { interfacePairsOf } from '../shared/domain/scores';
import { AGGREGATE_SHARDS, TABLES } from '../shared/resources';
import { writeDashboardYear } from './dashboard-year';
import { startDynamo } from './local/dynamodb';
import { startDynamoMeter } from './local/dynamo-meter';
import { lambdaContext } from './local/lambda-events';
import { localClientConfig } from './local/local-aws';
import { ensureTable } from './local/provision';

const ZONE = 'Europe/Paris';
const OFFICER: JwtClaims = { sub: 'bench-officer', email: 'cco@example.com', email_verified: 'true', 'cognito:groups': '[officer]', token_use: 'id' };

export interface DashboardBenchResult {
  departments: number;
  days: number;
  aggregateRows: number;
  seedSeconds: number;
  calls: number;
  /** The machine's 1-minute load average before and after the timed calls (latency is only comparable at similar load). */
  loadAverage: [number, number];
  /** Per route (with its query): p50 and p95 in ms, through the real handler. */
  latency: { route: string; p50Ms: number; p95Ms: number }[];
  /** Read units of one call, by the range it covers. */
  readUnits: { route: string; week: number; month: number; year: number }[];
}

/** Twenty departments: the default organisation's, then more of the same shape, each owning one journey. */
export function benchDepartments(count: number): DepartmentsConfig {
  const journeys = DEFAULT_DEPARTMENTS.journeys.map((j) => j.id);
  const departments = Array.from({ length: count }, (_, i) => {
    const base = DEFAULT_DEPARTMENTS.departments[i];
    const id = base?.id ?? `department-${String(i + 1).padStart(2, '0')}`;
    return { id, names: base?.names ?? { en: `Department ${i + 1}`, fr: `Service ${i + 1}` }, journeys: [journeys[i % journeys.length]!], owners: [`${id}@example.com`] };
  });
  return parseDepartmentsConfig(JSON.stringify({ departments, journeys: DEFAULT_DEPARTMENTS.journeys }));
}

function signedInEvent(path: string, query: Record<string, string> = {}): APIGatewayProxyEventV2 {
  const search = new URLSearchParams(query).toString();
  return {
    version: '2.0',
    routeKey: '$default',
    rawPath: path,
    rawQueryString: search,
    headers: {},
    queryStringParameters: Object.keys(query).length ? query : undefined,
    requestContext: {
      accountId: '000000000000',
      apiId: 'bench',
      domainName: 'localhost',
      domainPrefix: 'bench',
      http: { method: 'GET', path, protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: 'bench' },
      requestId: randomUUID(),
      routeKey: '$default',
      stage: '$default',
      time: new Date().toUTCString(),
      timeEpoch: Date.now(),
      authorizer: { jwt: { claims: OFFICER, scopes: null } },
    },
    isBase64Encoded: false,
  } as unknown as APIGatewayProxyEventV2;
}

const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return Math.round(sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]! * 10) / 10;
};

/** A week of verbatims (a few per department and day), stored as the processor stores them. */
const NEGATIVE_TEXT = 'Facture fausse, personne ne répond';
const POSITIVE_TEXT = 'Livraison rapide, merci';
const NEGATIVE_TOPICS = extractTopics(NEGATIVE_TEXT, 'fr');
const POSITIVE_TOPICS = extractTopics(POSITIVE_TEXT, 'fr');

function weekOfItems(config: DepartmentsConfig, end: Date): ProcessedFeedback[] {
  const ids = config.departments.map((d) => d.id);
  const items: ProcessedFeedback[] = [];
  for (let day = 0; day < 7; day++) {
    ids.forEach((id, i) => {
      for (let k = 0; k < 3; k++) {
        const at = new Date(end.getTime() - day * 86_400_000 - (i * 3 + k) * 60_000).toISOString();
        const negative = k === 0;
        const departments = [{ id, reason: 'bench' }, ...(k === 2 ? [{ id: ids[(i + 1) % ids.length]!, reason: 'bench' }] : [])];
        items.push({
          v: 1,
          id: `bench-${day}-${id}-${k}`,
          source: { channel: k === 1 ? 'email' : 'api', provider: 'bench' },
          receivedAt: at,
          occurredAt: at,
          text: negative ? NEGATIVE_TEXT : POSITIVE_TEXT,
          topics: negative ? NEGATIVE_TOPICS : POSITIVE_TOPICS,
          customer: {},
          metadata: {},
          lang: 'fr',
          langConfidence: 1,
          sentiment: { label: negative ? 'negative' : 'positive', confidence: 0.9, scores: { positive: negative ? 0.05 : 0.9, neutral: 0.05, negative: negative ? 0.9 : 0.05, mixed: 0 } },
          departments,
          journeys: [{ id: config.departments[i]!.journeys[0]!, reason: 'bench' }],
          processedAt: at,
          expiresAt: Math.floor(end.getTime() / 1000) + 86_400 * 365,
        } as ProcessedFeedback);
      }
    });
  }
  return items;
}

function benchIncident(department: string, at: Date, severity: Incident['severity']): Incident {
  const iso = at.toISOString();
  return {
    id: `${department}-${iso.slice(0, 10)}`,
    scope: { department },
    zone: ZONE,
    window: iso,
    severity,
    status: 'open',
    openedAt: iso,
    updatedAt: iso,
    recoveredAt: null,
    rules: [
      {
        rule: 'negative-share',
        kind: 'negative-share',
        source: { kind: 'dept', id: department },
        value: 0.52,
        threshold: 0.35,
        baseline: 0.2,
        volume: 48,
        window: iso,
        firing: true,
        excess: 0.4,
        message: { en: 'More negative items than usual.', fr: 'Plus d’avis négatifs que d’habitude.' },
        firstSeenAt: iso,
        lastSeenAt: iso,
      },
    ],
    related: [],
    verbatims: [{ id: 'bench-0', text: 'Facture fausse, personne ne répond', occurredAt: iso }],
    lateDataAt: null,
    recoveryWindows: 0,
    recoveryLastWindow: null,
    notifiedSeverity: severity,
    lastUpdateEmailAt: null,
    pending: [],
    sent: [{ recipient: 'cco@example.com', kind: 'incident', severity, at: iso }],
    deferred: [],
    acknowledged: null,
    assignee: null,
    resolved: null,
    migratedFrom: null,
    version: 1,
  };
}

export async function runDashboardBench(options: { departments?: number; days?: number; calls?: number; progress?: (line: string) => void } = {}): Promise<DashboardBenchResult> {
  const say = options.progress ?? (() => undefined);
  const count = options.departments ?? 20;
  const days = options.days ?? 365;
  const calls = options.calls ?? 40;
  const config = benchDepartments(count);
  const end = new Date();
  const dynamo = await startDynamo();
  const meter = await startDynamoMeter(dynamo.endpoint);
  // Latency is measured on a direct client; read units on one that goes through the meter (a proxy in this process, which would add its own time).
  const ddb = new DynamoDBClient(localClientConfig(dynamo.endpoint));
  const meteredDdb = new DynamoDBClient(localClientConfig(meter.url));
  try {
    for (const table of [TABLES.feedback, TABLES.aggregates, TABLES.control]) await ensureTable(ddb, table);
    const doc = documentClient(ddb);
    const t0 = performance.now();
    say(`writing ${days} days of aggregates for ${count} departments…`);
    const aggregateRows = await writeDashboardYear(doc, { aggregates: TABLES.aggregates.localName, feedback: TABLES.feedback.localName }, config, { days, end, zone: ZONE, shards: AGGREGATE_SHARDS, perDay: 40 });
    const store = new DynamoFeedbackStore(doc, { feedback: TABLES.feedback.localName, aggregates: TABLES.aggregates.localName, zones: [ZONE], shards: AGGREGATE_SHARDS, topics: { zone: ZONE } });
    const items = weekOfItems(config, end);
    for (let i = 0; i < items.length; i += 100) await store.saveBatch(items.slice(i, i + 100));
    const incidents = new DynamoIncidentStore(doc, TABLES.control.localName);
    for (const [i, d] of config.departments.slice(0, 5).entries()) await incidents.put(benchIncident(d.id, new Date(end.getTime() - i * 86_400_000), i === 0 ? 'critical' : 'minor'));
    const seedSeconds = Math.round((performance.now() - t0) / 100) / 10;
    say(`  ${aggregateRows} aggregate rows in ${seedSeconds} s`);

    const storeOn = (client: typeof doc) => new DynamoFeedbackStore(client, { feedback: TABLES.feedback.localName, aggregates: TABLES.aggregates.localName, zones: [ZONE], shards: AGGREGATE_SHARDS });
    // The baseline: the same store with the partners index ignored, every pair the configuration can form read, as before the index.
    const everyPair = interfacePairsOf(config.departments.map((d) => d.id));
    const withoutIndex = (store: DynamoFeedbackStore): ReadApiDeps['store'] => ({
      verbatims: (...args) => store.verbatims(...args),
      sharedPairs: async (ids) => everyPair.filter((pair) => pair.split('+').some((d) => ids.includes(d))),
    });
    const handlerOn = (client: typeof doc, index = true) =>
      makeReadApiHandler({
        control: new DynamoControlStore(client, TABLES.control.localName),
        aggregates: new DynamoAggregateReader(client, TABLES.aggregates.localName, AGGREGATE_SHARDS),
        topics: new DynamoTopicSummaries(client, { table: TABLES.aggregates.localName, zone: ZONE, shards: AGGREGATE_SHARDS }),
        store: index ? storeOn(client) : withoutIndex(storeOn(client)),
        incidents: new DynamoIncidentStore(client, TABLES.control.localName),
        departments: config,
        timeZone: ZONE,
        logger: new Logger({ logLevel: 'ERROR' }),
      });
    const handlers = {
      direct: handlerOn(doc),
      metered: handlerOn(documentClient(meteredDdb)),
      directWithoutIndex: handlerOn(doc, false),
      meteredWithoutIndex: handlerOn(documentClient(meteredDdb), false),
    };
    const invoke = async (path: string, query: Record<string, string> = {}, via: keyof typeof handlers = 'direct') => {
      // A fresh context per call: its remaining time counts from its creation, as each invocation's does.
      const response = (await handlers[via](signedInEvent(path, query), lambdaContext('readApi', 10))) as HttpResponse;
      if (response.statusCode !== 200) throw new Error(`${path} answered ${response.statusCode}: ${response.body.slice(0, 300)}`);
      return response;
    };
    const first = config.departments[0]!.id;
    const routes: [string, string, Record<string, string>, ('direct' | 'directWithoutIndex')?][] = [
      ['session', '/v1/dashboard/session', {}],
      ['overview (week)', '/v1/dashboard/overview', {}],
      ['overview (month)', '/v1/dashboard/overview', { period: 'month' }],
      ['department (30 days)', `/v1/dashboard/departments/${first}`, {}],
      ['department (year by month)', `/v1/dashboard/departments/${first}`, { granularity: 'month' }],
      ['verbatims (7 days)', '/v1/dashboard/verbatims', { department: first }],
      ['interfaces (week)', '/v1/dashboard/interfaces', {}],
      ['  every pair (no index)', '/v1/dashboard/interfaces', {}, 'directWithoutIndex'],
      ['interfaces (month)', '/v1/dashboard/interfaces', { period: 'month' }],
      ['  every pair (no index)', '/v1/dashboard/interfaces', { period: 'month' }, 'directWithoutIndex'],
      ['journeys (week)', '/v1/dashboard/journeys', {}],
      ['incidents', '/v1/dashboard/incidents', {}],
      ['topics (7 days by day)', '/v1/dashboard/topics', { department: first, granularity: 'day' }],
      ['topics (90 days by day)', '/v1/dashboard/topics', { department: first, granularity: 'day', from: new Date(end.getTime() - 89 * 86_400_000).toISOString() }],
    ];
    const loadBefore = Math.round(loadavg()[0]! * 10) / 10;
    const latency: DashboardBenchResult['latency'] = [];
    for (const [name, path, query, via = 'direct'] of routes) {
      for (let i = 0; i < 3; i++) await invoke(path, query, via);
      const times: number[] = [];
      for (let i = 0; i < calls; i++) {
        const t = performance.now();
        await invoke(path, query, via);
        times.push(performance.now() - t);
      }
      latency.push({ route: name, p50Ms: percentile(times, 50), p95Ms: percentile(times, 95) });
      say(`  ${name}: p50 ${latency.at(-1)!.p50Ms} ms, p95 ${latency.at(-1)!.p95Ms} ms`);
    }

    const unitsOf = async (path: string, query: Record<string, string>, via: 'metered' | 'meteredWithoutIndex' = 'metered') => {
      const before = meter.readUnits();
      await invoke(path, query, via);
      return Math.round((meter.readUnits() - before) * 10) / 10;
    };
    const ago = (d: number) => new Date(end.getTime() - d * 86_400_000).toISOString();
    const byPeriod = async (route: string, path: string, via?: 'meteredWithoutIndex') => ({
      route,
      week: await unitsOf(path, { period: 'week' }, via),
      month: await unitsOf(path, { period: 'month' }, via),
      year: Number.NaN,
    });
    const department = `/v1/dashboard/departments/${first}`;
    const readUnits = [
      { route: 'department, by day', week: await unitsOf(department, { from: ago(6) }), month: await unitsOf(department, { from: ago(29) }), year: await unitsOf(department, { from: ago(364) }) },
      { route: 'department, by week', week: await unitsOf(department, { from: ago(6), granularity: 'week' }), month: await unitsOf(department, { from: ago(29), granularity: 'week' }), year: await unitsOf(department, { from: ago(364), granularity: 'week' }) },
      await byPeriod('overview', '/v1/dashboard/overview'),
      await byPeriod('interfaces', '/v1/dashboard/interfaces'),
      await byPeriod('  every pair (no index)', '/v1/dashboard/interfaces', 'meteredWithoutIndex'),
      await byPeriod('journeys', '/v1/dashboard/journeys'),
      {
        route: 'topics (day, year by week)',
        week: await unitsOf('/v1/dashboard/topics', { department: first, granularity: 'day', from: ago(6) }),
        month: await unitsOf('/v1/dashboard/topics', { department: first, granularity: 'day', from: ago(29) }),
        year: await unitsOf('/v1/dashboard/topics', { department: first, granularity: 'week', from: ago(364) }),
      },
    ];
    const loadAfter = Math.round(loadavg()[0]! * 10) / 10;
    return { departments: count, days, aggregateRows, seedSeconds, calls, loadAverage: [loadBefore, loadAfter], latency, readUnits };
  } finally {
    ddb.destroy();
    meteredDdb.destroy();
    await meter.close();
    await dynamo.stop();
  }
}

/** The result as a terminal shows it (--json prints the object instead). */
export function formatDashboardBench(r: DashboardBenchResult): string {
  const units = (n: number) => (Number.isNaN(n) ? '—' : String(n)).padStart(8);
  return [
    `dashboard API: ${r.departments} departments, ${r.days} days of daily aggregates (${r.aggregateRows} rows), signed in as the officer, ${r.calls} calls per route`,
    `route                          p50 ms   p95 ms   (load average ${r.loadAverage[0]} → ${r.loadAverage[1]})`,
    ...r.latency.map((l) => `  ${l.route.padEnd(28)} ${String(l.p50Ms).padStart(6)}   ${String(l.p95Ms).padStart(6)}`),
    `DynamoDB read units per call     week    month     year`,
    ...r.readUnits.map((u) => `  ${u.route.padEnd(28)} ${units(u.week)} ${units(u.month)} ${units(u.year)}`),
  ].join('\n') + '\n';
}
