/**
 * Objectives and fix checks over DynamoDB Local: the world's eight weeks written as the
 * aggregates table holds them (four write shards, the reader sums them), its incidents in the
 * control table, the digest sent through the outbox mailer and read back as the .eml a person
 * gets; the dashboard routes read the same tables.
 */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import PostalMime from 'postal-mime';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureTable } from '../../cli/local/provision';
import { documentClient } from '../../shared/adapters/dynamo-client';
import { DynamoIncidentStore } from '../../shared/adapters/dynamo-incidents';
import { OutboxMailer } from '../../shared/adapters/outbox-mailer';
import { dashboardDepartment } from '../../shared/app/dashboard/department';
import { dashboardOverview } from '../../shared/app/dashboard/overview';
import { sendWeeklyDigest } from '../../shared/app/weekly-digest';
import { viewerOf } from '../../shared/domain/dashboard/viewer';
import { addCounters, aggregateCellsFor, countersOf, emptyCounters, type Counters } from '../../shared/domain/scores';
import { TABLES } from '../../shared/resources';
import { OFFICER_CLAIMS } from '../support/dashboard-world';
import { tempDir } from '../support/http';
import { openFeedbackTables } from '../support/local-feedback-tables';
import { closedIncidents, DIGEST_RUN, objectivesConfig, worldItems, ZONE } from '../support/objectives-world';

let tables: Awaited<ReturnType<typeof openFeedbackTables>>;
let incidents: DynamoIncidentStore;
let outbox: Awaited<ReturnType<typeof tempDir>>;
const config = objectivesConfig();

beforeAll(async () => {
  tables = await openFeedbackTables([ZONE]);
  await ensureTable(tables.ddb, TABLES.control);
  incidents = new DynamoIncidentStore(documentClient(tables.ddb), TABLES.control.localName);
  outbox = await tempDir('objectives-outbox');
  // The cells the processor would have written for these items, set outright.
  const cells = new Map<string, Counters>();
  for (const item of worldItems()) {
    const counters = countersOf({ sentiment: item.sentiment, ...(item.nps !== undefined ? { ratings: { nps: item.nps } } : {}) });
    for (const cell of aggregateCellsFor({ occurredAt: item.occurredAt, departments: item.departments.map((id) => ({ id })) }, [ZONE])) {
      const key = `${cell.series}|${cell.window}`;
      cells.set(key, addCounters(cells.get(key) ?? emptyCounters(), counters));
    }
  }
  for (const [key, counters] of cells) {
    const [series, window] = key.split('|') as [string, string];
    await tables.rewriter.replace(series, window, counters);
  }
  for (const incident of closedIncidents()) expect(await incidents.put(incident)).toBe(true);
}, 180_000);

afterAll(async () => {
  await tables?.close();
  await outbox?.remove();
});

describe('objectives and fix checks over DynamoDB Local', () => {
  it('sends the digest with each target assessed and the fixes checked, as the .eml a person reads', async () => {
    // Act
    const { digest } = await sendWeeklyDigest({
      aggregates: tables.aggregates,
      departments: config,
      incidents,
      mailer: new OutboxMailer(outbox.path),
      email: { lang: 'en', from: 'customer-voice@example.com', officer: 'cco@example.com' },
      zone: ZONE,
      now: () => DIGEST_RUN,
    });
    // Assess: the same figures as the in-memory world.
    expect(digest.objectives!.map((d) => d.objectives.map((o) => [o.metric, o.status, o.current, o.gap, o.slopePerWeek]))).toEqual([
      [
        ['nps', 'off-track', 24, 6, 2],
        ['negativeShare', 'on-track', 0.26, 0.06, -0.02],
      ],
      [['sentimentIndex', 'moving-away', -2, 52, -6]],
    ]);
    expect(digest.fixChecks!.map((c) => [c.incidentId, c.verdict])).toEqual([
      ['billing-2026-11-03', 'resolved-and-recovered'],
      ['delivery-2026-11-05', 'recovered-without-action'],
    ]);
    const [file] = (await readdir(outbox.path)).filter((f) => f.endsWith('.eml'));
    const email = await PostalMime.parse(await readFile(join(outbox.path, file!)));
    expect(email.text).toContain('- ⚠ Billing — NPS ≥ 30 by 2026-12-10: now 24, 6 to go, +2 / week; off track: at this pace, reached in about 3 weeks (around 2026-12-21), after 2026-12-10');
    expect(email.text).toContain('- [resolved and recovered] Billing, incident of 2026-11-03, resolved on 2026-11-10: negative share 35% before → 29% after (threshold 40%, broke at 62%)');
  });

  it('answers the objectives on the dashboard routes from the same tables', async () => {
    const deps = { aggregates: tables.aggregates, incidents, store: { verbatims: async () => [], sharedPairs: async () => [] }, departments: config, timeZone: ZONE, now: () => DIGEST_RUN };
    const officer = viewerOf(OFFICER_CLAIMS, config);
    const overview = await dashboardOverview(officer, {}, deps);
    expect(overview.offTrack.map((d) => d.id)).toEqual(['billing', 'delivery']);
    const delivery = await dashboardDepartment(officer, 'delivery', {}, deps);
    expect(delivery.objectives).toMatchObject([{ metric: 'sentimentIndex', status: 'moving-away', weeksUsed: 8, offTrack: true }]);
  });
});
