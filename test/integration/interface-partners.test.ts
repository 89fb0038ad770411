import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { documentClient } from '../../shared/adapters/dynamo-client';
import { DynamoInterfacePartners } from '../../shared/adapters/dynamo-interface-partners';
import { recompute } from '../../shared/app/recompute';
import type { ProcessedFeedback } from '../../shared/ports/stores';
import { TABLES } from '../../shared/resources';
import { processedItem } from '../support/items';
import { openFeedbackTables } from '../support/local-feedback-tables';

let tables: Awaited<ReturnType<typeof openFeedbackTables>>;
let partners: DynamoInterfacePartners;

beforeAll(async () => {
  tables = await openFeedbackTables(['Europe/Paris']);
  partners = new DynamoInterfacePartners(documentClient(tables.ddb), TABLES.feedback.localName);
}, 90_000);

afterAll(async () => {
  await tables?.close();
});

const id = (n: number) => `fb_${n.toString(16).padStart(32, '0')}`;
const depts = (...ids: string[]) => ids.map((d) => ({ id: d, reason: 'test' }));
const range = (from: string, to: string) => [new Date(from), new Date(to)] as const;

describe('interface-partners index on DynamoDB Local', () => {
  it('lists the pairs of the months saved, each side reading it, redelivery and duplicates adding nothing', async () => {
    // Prepare: billing+delivery in May, delivery+it+billing in June, an unassigned item and one withheld text.
    const may = [
      processedItem({ id: id(1), occurredAt: '2026-05-31T23:30:00.000Z', departments: depts('billing', 'delivery') }),
      processedItem({ id: id(2), occurredAt: '2026-05-10T10:00:00.000Z', departments: depts('billing') }),
      processedItem({ id: id(3), occurredAt: '2026-05-11T10:00:00.000Z', departments: depts('unassigned') }),
    ];
    const june = [processedItem({ id: id(4), occurredAt: '2026-06-02T10:00:00.000Z', departments: depts('delivery', 'it'), textWithheld: true, text: '' })];

    // Act
    const first = await tables.store.saveBatch([...may, ...june]);
    const again = await tables.store.saveBatch([...may, ...june]);

    // Assess: one write per department and month shared; the redelivery left the rows as they were.
    expect(first.stored).toHaveLength(4);
    expect(again.duplicates).toHaveLength(4);
    expect(await tables.store.sharedPairs(['billing', 'delivery', 'it'], ...range('2026-05-01T00:00:00Z', '2026-06-30T00:00:00Z'))).toEqual(['billing+delivery', 'delivery+it']);
    expect(await tables.store.sharedPairs(['billing'], ...range('2026-05-01T00:00:00Z', '2026-06-30T00:00:00Z'))).toEqual(['billing+delivery']);
    expect(await tables.store.sharedPairs(['it'], ...range('2026-06-01T00:00:00Z', '2026-06-10T00:00:00Z'))).toEqual(['delivery+it']);
    // A Paris week from Monday 1 June 00:00 (22:00 UTC on 31 May) reads May's rows too.
    expect(await tables.store.sharedPairs(['billing'], ...range('2026-05-31T22:00:00Z', '2026-06-07T21:59:59Z'))).toEqual(['billing+delivery']);
    expect(await tables.store.sharedPairs(['billing', 'delivery', 'it'], ...range('2026-07-01T00:00:00Z', '2026-07-31T00:00:00Z'))).toEqual([]);
    expect(await partners.rebuild([...may, ...june], true)).toEqual({ rowsChecked: 4, rowsWithDrift: 0, rowsFixed: 0 });
  });

  it('rebuild sets the rows to what the items say: changed rows rewritten, rows without items deleted', async () => {
    // Prepare: the items now say billing and it share a June item; delivery's May pair is gone.
    const items = [processedItem({ id: id(10), occurredAt: '2026-06-03T10:00:00.000Z', departments: depts('billing', 'it') })];

    // Act
    const dry = await partners.rebuild(items, true);
    const fixed = await partners.rebuild(items, false);

    // Assess
    expect(dry).toMatchObject({ rowsWithDrift: 5, rowsFixed: 0 });
    expect(fixed).toEqual({ rowsChecked: 5, rowsWithDrift: 5, rowsFixed: 5 });
    expect(await tables.store.sharedPairs(['billing', 'delivery', 'it'], ...range('2026-05-01T00:00:00Z', '2026-06-30T00:00:00Z'))).toEqual(['billing+it']);
    expect(await partners.rebuild(items, true)).toEqual({ rowsChecked: 2, rowsWithDrift: 0, rowsFixed: 0 });
  });

  it('reads the rows of thirty departments over four months in one call', async () => {
    // Prepare: 30 departments each sharing with the next, over four months: 240 rows to read.
    const ids = Array.from({ length: 30 }, (_, i) => `d${String(i).padStart(2, '0')}`);
    const items = ids.flatMap((d, i) => [7, 8, 9, 10].map((m) => processedItem({ id: id(1000 + i * 10 + m), occurredAt: `2026-${String(m).padStart(2, '0')}-15T10:00:00.000Z`, departments: depts(d, ids[(i + 1) % ids.length]!) })));
    await tables.store.saveBatch(items);

    // Act
    const pairs = await tables.store.sharedPairs(ids, ...range('2026-07-01T00:00:00Z', '2026-10-31T00:00:00Z'));

    // Assess
    expect(pairs).toHaveLength(30);
    expect(pairs).toContain('d00+d29');
  });
});

describe('recompute and the interface-partners index', () => {
  it('moves the pairs with the items a new configuration re-attributes, then finds nothing to fix', async () => {
    // Prepare: the stored items of the tests above; the new configuration merges delivery into it.
    const deps = {
      items: () => tables.store.scanItems(),
      attribute: (item: ProcessedFeedback) => ({
        departments: [...new Map(item.departments.map((d) => (d.id === 'delivery' ? { ...d, id: 'it' } : d)).map((d) => [d.id, d])).values()],
        journeys: item.journeys ?? [],
      }),
      attributions: tables.store,
      aggregates: tables.aggregates,
      rewriter: tables.rewriter,
      partners,
      zones: ['Europe/Paris'],
    };
    await tables.store.saveBatch([processedItem({ id: id(20), occurredAt: '2026-08-03T10:00:00.000Z', text: 'Colis et facture', departments: depts('billing', 'delivery') })]);
    expect(await tables.store.sharedPairs(['billing'], ...range('2026-08-01T00:00:00Z', '2026-08-31T00:00:00Z'))).toEqual(['billing+delivery']);

    // Act
    const fixed = await recompute({ ...deps, dryRun: false });
    const after = await recompute({ ...deps, dryRun: true });

    // Assess
    expect(fixed.partners!.rowsFixed).toBeGreaterThan(0);
    expect(await tables.store.sharedPairs(['billing', 'delivery', 'it'], ...range('2026-08-01T00:00:00Z', '2026-08-31T00:00:00Z'))).toEqual(['billing+it']);
    expect(after.partners).toMatchObject({ rowsWithDrift: 0, rowsFixed: 0 });
    expect(after.cellsWithDrift).toBe(0);
  });
});
