import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import PostalMime from 'postal-mime';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalStack, type LocalStack } from '../../cli/local/stack';
import { DynamoAlertStateStore } from '../../shared/adapters/dynamo-alert-states';
import { DynamoIncidentStore } from '../../shared/adapters/dynamo-incidents';
import { upgradeAlertStates } from '../../shared/app/upgrade-alert-states';
import { DEFAULT_DEPARTMENTS } from '../../shared/domain/departments/schema';
import { call, eventually, tempDir } from '../support/http';
import { stackState } from '../support/stack-state';
import { postDepartmentItems } from '../support/feedback-posting';

let stack: LocalStack;
let dir: Awaited<ReturnType<typeof tempDir>>;
let state: ReturnType<typeof stackState>;

const DAY = '2026-06-15';
const NEGATIVE = ['Service inadmissible, je suis furieux', 'Scandaleux, personne ne répond, honteux', 'Terrible experience, I am furious and disgusted', 'Absolument nul, très déçu et en colère'];
const POSITIVE = ['Merci beaucoup, parfait, très content', 'Excellent, great help, thank you so much', 'Super accueil, je suis ravi, merci', 'Wonderful and friendly, perfect'];

async function emails(): Promise<{ file: string; subject: string; text: string; html: string; cc: string[] }[]> {
  const files = (await readdir(stack.info.outboxDir)).filter((f) => f.endsWith('.eml')).sort();
  return Promise.all(
    files.map(async (file) => {
      const parsed = await PostalMime.parse(await readFile(join(stack.info.outboxDir, file)));
      return { file, subject: parsed.subject ?? '', text: parsed.text ?? '', html: parsed.html ?? '', cc: (parsed.cc ?? []).map((c) => c.address ?? '') };
    }),
  );
}

const post = (texts: readonly string[], count: number, prefix: string, hour: number) =>
  postDepartmentItems({ apiUrl: stack.info.apiUrl, ingestKey: stack.info.keys.ingest }, { texts, count, prefix, day: DAY, hour, department: 'billing' });

beforeAll(async () => {
  dir = await tempDir('alerts');
  stack = await startLocalStack({ dataDir: dir.path, port: 0 });
  state = stackState(stack.info);
  // The items are dated 15 June: the stack's clock says it is that afternoon (incidents are judged
  // on today's and yesterday's local days only; an older day is late data).
  await stack.clock.set(new Date(`${DAY}T16:00:00Z`));
});

afterAll(async () => {
  state?.close();
  await stack?.stop();
  await dir?.remove();
});

describe('alerts through the local stack', () => {
  it('turns 60 negative items into one alert email, then positive items into one recovery email', async () => {
    // Act 1: a burst of complaints.
    await post(NEGATIVE, 60, 'neg', 9);
    await state.drained();
    const alert = await eventually('the alert email', async () => ((await emails()).length >= 1 ? (await emails())[0] : undefined), 30_000, 200);
    await new Promise((r) => setTimeout(r, 1500));

    // Assess 1: exactly one email, saying what broke, with the numbers and quotes.
    expect(await emails()).toHaveLength(1);
    expect(alert.subject).toMatch(/^Facturation/);
    expect(alert.subject).toMatch(/35/);
    expect(alert.text).toMatch(/100|60/);
    expect(alert.html).toContain('<table');

    // Act 2: the department heals.
    await post(POSITIVE, 200, 'pos', 14);
    await state.drained();
    const recovery = await eventually('the recovery email', async () => ((await emails()).length >= 2 ? (await emails())[1] : undefined), 30_000, 200);
    await new Promise((r) => setTimeout(r, 1500));

    // Assess 2: one recovery, nothing more; the history says recovered.
    expect(await emails()).toHaveLength(2);
    expect(recovery.subject).toMatch(/Facturation/);
    expect(recovery.subject).not.toBe(alert.subject);
  });

  it('answers the incident in GET /v1/alerts, and turns alert states of earlier versions into incidents at upgrade, sending nothing', async () => {
    const all = await call(`${stack.info.apiUrl}/v1/alerts`, { key: stack.info.keys.read });
    expect(all.body.incidents).toHaveLength(1);
    expect(all.body.incidents[0]).toMatchObject({ id: 'billing-2026-06-15', scope: { department: 'billing' }, status: 'recovered' });
    expect(all.body.incidents[0].rules.map((r: { rule: string }) => r.rule)).toContain('negative-share');
    expect((await call(`${stack.info.apiUrl}/v1/alerts?status=open`, { key: stack.info.keys.read })).body.incidents).toEqual([]);

    // An alert state an earlier version left (delivery, still open), upgraded as the evaluator
    // does at cold start, twice (a second cold start).
    const before = (await emails()).length;
    const alertStates = new DynamoAlertStateStore(state.doc, stack.info.resources.tables.control);
    const at = `${DAY}T11:00:00.000Z`;
    expect(
      await alertStates.put({
        key: 'ALERT#dept#delivery#day#Europe/Paris#negative-share', ruleId: 'negative-share', kind: 'negative-share', scope: { kind: 'dept', id: 'delivery' },
        granularity: 'day', zone: 'Europe/Paris', status: 'open', occurrence: 1, openedAt: at, recoveredAt: null,
        trigger: { window: '2026-06-14T22:00:00.000Z', value: 0.5, threshold: 0.35, volume: 40, baselineMean: 0.1, message: { en: 'Delivery: 50% negative', fr: 'Livraison : 50 % négatifs' } },
        lastValue: 0.5, lastWindow: '2026-06-14T22:00:00.000Z', lastEvaluatedAt: at, recoveryWindows: 0, recoveryLastWindow: null, pendingNotification: null, notifiedAt: at, version: 1,
      }),
    ).toBe(true);
    const deps = {
      alertStates,
      incidents: new DynamoIncidentStore(state.doc, stack.info.resources.tables.control),
      departments: DEFAULT_DEPARTMENTS,
      zone: 'Europe/Paris',
      judge: { excessOf: () => 0.5, severityOf: () => 'major' as const },
    };
    const first = await upgradeAlertStates(deps);
    const second = await upgradeAlertStates(deps);
    await new Promise((r) => setTimeout(r, 1500));
    expect(first.created).toEqual(['delivery-2026-06-15']);
    expect(second).toEqual({ created: [], existing: ['delivery-2026-06-15'], skipped: [] });
    expect(await emails()).toHaveLength(before);
    const open = await call(`${stack.info.apiUrl}/v1/alerts?status=open`, { key: stack.info.keys.read });
    expect(open.body.incidents).toMatchObject([{ id: 'delivery-2026-06-15', scope: { department: 'delivery' }, status: 'open', severity: 'major' }]);
  });
});

describe('the weekly digest', () => {
  it('emails the week\'s ranking, journeys, hotspots and alerts when asked (digest --week)', async () => {
    const { execFile } = await import('node:child_process');
    const { promisify } = await import('node:util');
    const before = (await emails()).length;
    const run = await promisify(execFile)(process.execPath, [join(import.meta.dirname, '../../bin/customer-voice.mjs'), 'digest', '--week', `${DAY}T00:00:00Z`], {
      env: { ...process.env, CV_DATA_DIR: dir.path },
      encoding: 'utf8',
      timeout: 60_000,
    });
    const answer = JSON.parse(run.stdout) as { week: string; messageId: string };
    expect(answer.week).toBe('2026-06-14T22:00:00.000Z'); // Monday 15 June, Paris midnight
    const all = await emails();
    expect(all).toHaveLength(before + 1);
    const digest = all.find((e) => e.subject.includes('Synthèse hebdomadaire'))!;
    expect(digest.subject).toContain('2026-06-15');
    // Billing had 260 items that week and none the week before: listed, not ranked.
    expect(digest.text).toMatch(/- Facturation : 0 la semaine précédente/);
    expect(digest.text).toMatch(/- Ventes : 0 avis cette semaine/);

    // It lists the week's incidents once each, with their state.
    expect(digest.text).toMatch(/\[rétabli · [a-z]+\] Facturation, ouvert le 2026-06-15/);
  });
});
