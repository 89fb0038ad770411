/**
 * GET /v1/topics and GET /v1/dashboard/topics on the real local stack (DynamoDB Local, the queue,
 * the processor, the read API behind the local gateway): feedback posted through the public API
 * shows as topics with redacted examples; a read key sees any department; a department head's
 * sign-in sees their own department's topics and is refused another's and the unassigned ones.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalStack, type LocalStack } from '../../cli/local/stack';
import { DEFAULT_DEPARTMENTS } from '../../shared/domain/departments/schema';
import { TopicsResponseSchema, type TopicsResponse } from '../../shared/domain/topics/contract';
import { ENV } from '../../shared/resources';
import { call, eventually, tempDir } from '../support/http';

const HEAD = 'head.billing@example.com';
const EMAIL = 'jeanne.martin@example.org';

let stack: LocalStack;
let dir: Awaited<ReturnType<typeof tempDir>>;
let previousDepartments: string | undefined;

/** Billing complaints about a doubled invoice (FR and EN, one quoting an email address), delivery ones about late parcels. */
function feedback(now: number) {
  const at = (minutesAgo: number) => new Date(now - minutesAgo * 60_000).toISOString();
  return [
    ...Array.from({ length: 5 }, (_, i) => ({ text: `Facture doublée ce mois-ci, prélevé deux fois. Répondez à ${EMAIL}`, externalId: `topics-billing-fr-${i}`, occurredAt: at(10 + i), lang: 'fr' })),
    ...Array.from({ length: 2 }, (_, i) => ({ text: 'Another doubled invoice: the facture shows the same order twice.', externalId: `topics-billing-en-${i}`, occurredAt: at(20 + i), lang: 'en' })),
    ...Array.from({ length: 4 }, (_, i) => ({ text: 'Colis livré en retard, le transporteur ne répond pas.', externalId: `topics-delivery-${i}`, occurredAt: at(30 + i), lang: 'fr' })),
  ];
}

beforeAll(async () => {
  dir = await tempDir('topics-api');
  previousDepartments = process.env[ENV.departments];
  process.env[ENV.departments] = JSON.stringify({ ...DEFAULT_DEPARTMENTS, departments: DEFAULT_DEPARTMENTS.departments.map((d) => (d.id === 'billing' ? { ...d, owners: [HEAD] } : d)) });
  stack = await startLocalStack({ dataDir: join(dir.path, 'data'), port: 0 });
  const posted = await call(`${stack.info.apiUrl}/v1/feedback`, { key: stack.info.keys.ingest, body: { items: feedback(Date.now()) } });
  expect(posted.status).toBe(202);
  expect(posted.body.accepted).toHaveLength(11);
}, 240_000);

afterAll(async () => {
  await stack?.stop();
  await dir?.remove();
  if (previousDepartments === undefined) delete process.env[ENV.departments];
  else process.env[ENV.departments] = previousDepartments;
});

const topicsOf = (department: string, query = '') => call(`${stack.info.apiUrl}/v1/topics?department=${department}${query}`, { key: stack.info.keys.read });
const about = (answer: TopicsResponse, pattern: RegExp) => answer.topics.find((t) => t.phrases.some((p) => pattern.test(p)));

/**
 * The department's topics once the processor has counted the posted items and indexed them (the
 * verbatim index rows, where examples come from, are written just after the counting transaction).
 */
async function countedTopics(department: string, pattern: RegExp, count: number): Promise<TopicsResponse> {
  return eventually(
    `${department}'s topics`,
    async () => {
      const reply = await topicsOf(department, '&granularity=day');
      if (reply.status !== 200) throw new Error(`${reply.status} ${JSON.stringify(reply.body)}`);
      const answer = TopicsResponseSchema.parse(reply.body);
      const topic = about(answer, pattern);
      return topic && topic.count >= count && topic.examples.length >= Math.min(count, 3) ? answer : undefined;
    },
    90_000,
    500,
  );
}

async function ownerToken(): Promise<string> {
  const res = await fetch(`${stack.info.apiUrl}/_local/sign-in-links`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-api-key': stack.info.keys.admin },
    body: JSON.stringify({ email: HEAD, next: '/departments/billing' }),
  });
  expect(res.status).toBe(200);
  return new URL(((await res.json()) as { url: string }).url).searchParams.get('token')!;
}

/** The dashboard route with a sign-in token as the bearer, as the page sends Cognito's on AWS. */
async function asViewer(token: string, department: string): Promise<{ status: number; body: any }> {
  const res = await fetch(`${stack.info.apiUrl}/v1/dashboard/topics?department=${department}`, { headers: { authorization: `Bearer ${token}` } });
  return { status: res.status, body: await res.json() };
}

describe('GET /v1/topics on the local stack', () => {
  it('shows the posted feedback\'s topics with their counts, negative share and redacted examples', async () => {
    const billing = await countedTopics('billing', /factur/i, 7);
    const invoice = about(billing, /factur/i)!;
    expect(invoice.count).toBe(7);
    expect(invoice.negativeShare).toBeGreaterThan(0.5);
    // Nothing in the range before, and no baseline to flag against on a new stack.
    expect(invoice.change).toBeNull();
    expect(invoice.emerging).toBeNull();
    expect(invoice.examples).toHaveLength(3);
    for (const example of invoice.examples) expect(example.text).toMatch(/factur/i);
    // Only redacted text leaves the pipeline.
    expect(JSON.stringify(billing)).not.toContain(EMAIL);
    expect(invoice.examples.some((e) => e.text.includes('[EMAIL]'))).toBe(true);
    // Topics are per department: the parcels are delivery's.
    expect(about(billing, /colis/i)).toBeUndefined();
    const delivery = await countedTopics('delivery', /colis/i, 4);
    expect(about(delivery, /colis/i)!.examples.length).toBeGreaterThan(0);
  });

  it('refuses a missing key (401) and a bad query (400 naming the parameter)', async () => {
    expect((await call(`${stack.info.apiUrl}/v1/topics?department=billing`)).status).toBe(401);
    const bad = await topicsOf('billing', '&granularity=month');
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toMatch(/granularity/);
  });

  it('scopes the dashboard route: the billing head reads billing, not delivery nor the unassigned items; an API key is not a sign-in', async () => {
    await countedTopics('billing', /factur/i, 7);
    const token = await ownerToken();
    const own = await asViewer(token, 'billing');
    expect(own.status).toBe(200);
    expect(about(TopicsResponseSchema.parse(own.body), /factur/i)).toBeDefined();
    const other = await asViewer(token, 'delivery');
    expect(other.status).toBe(403);
    expect(other.body.error.message).toMatch(/may not see department "delivery"/);
    expect((await asViewer(token, 'unassigned')).status).toBe(403);
    const keyOnDashboard = await call(`${stack.info.apiUrl}/v1/dashboard/topics?department=billing`, { key: stack.info.keys.read });
    expect(keyOnDashboard.status).toBe(401);
    const officer = new URL(stack.info.dashboardUrl).searchParams.get('token')!;
    expect((await asViewer(officer, 'delivery')).status).toBe(200);
  });
});
