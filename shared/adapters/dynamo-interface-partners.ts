/**
 * The interface-partners index in the feedback table (shared/domain/interface-partners.ts): one
 * row per department and UTC month, `PARTNERS#<department>` / `YYYY-MM`, whose string set
 * `partners` lists the departments it shared items with. The processor adds to it after each
 * commit (an ADD to a set: a redelivered item adds nothing), the dashboard reads the rows of the
 * months it shows, and recompute sets the rows to what the stored items say.
 */
import { DeleteCommand, paginateQuery, paginateScan, PutCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { pairsOfPartnerRows, partnerRowsOf, utcMonthsCovering, type PartnerRow } from '../domain/interface-partners';
import type { InterfacePartnersReader, PartnerRowsReport, PartnerRowsRewriter } from '../ports/stores';

/** What an item tells the index: when it happened and its departments. */
type SharedItem = { occurredAt: string; departments: readonly { id: string }[] };

const PREFIX = 'PARTNERS#';

const partnerKey = (department: string, month: string) => ({ pk: `${PREFIX}${department}`, sk: month });

/**
 * Adds the partners of these (committed) items to their rows: one UpdateItem per department and
 * month the batch shares items in, none for a batch without shared items. Answers the write
 * units consumed.
 */
export async function recordPartners(doc: DynamoDBDocumentClient, table: string, items: readonly SharedItem[]): Promise<number> {
  const rows = partnerRowsOf(items);
  const units = await Promise.all(
    rows.map(async (row) => {
      const out = await doc.send(
        new UpdateCommand({
          TableName: table,
          Key: partnerKey(row.department, row.month),
          UpdateExpression: 'ADD partners :partners',
          ExpressionAttributeValues: { ':partners': new Set(row.partners) },
          ReturnConsumedCapacity: 'TOTAL',
        }),
      );
      return out.ConsumedCapacity?.CapacityUnits ?? 0;
    }),
  );
  return units.reduce((a, b) => a + b, 0);
}

const partnersOf = (row: Record<string, unknown>): string[] =>
  row.partners instanceof Set ? [...row.partners].filter((p): p is string => typeof p === 'string').sort() : [];

export class DynamoInterfacePartners implements InterfacePartnersReader, PartnerRowsRewriter {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly table: string,
  ) {}

  /**
   * One Query per department over the months of the range: a department's rows of a year weigh a
   * few KB, so each Query costs half a read unit, where fetching each department × month row by
   * key would cost half a unit per row.
   */
  async sharedPairs(departmentIds: readonly string[], from: Date, to: Date): Promise<string[]> {
    const months = utcMonthsCovering(from, to);
    if (months.length === 0) return [];
    const rows: Pick<PartnerRow, 'department' | 'partners'>[] = [];
    await Promise.all(
      [...new Set(departmentIds)].map(async (department) => {
        const pages = paginateQuery(
          { client: this.doc },
          {
            TableName: this.table,
            KeyConditionExpression: 'pk = :pk AND sk BETWEEN :first AND :last',
            ExpressionAttributeValues: { ':pk': partnerKey(department, '').pk, ':first': months[0], ':last': months.at(-1) },
            ProjectionExpression: 'partners',
          },
        );
        for await (const page of pages) for (const row of page.Items ?? []) rows.push({ department, partners: partnersOf(row) });
      }),
    );
    return pairsOfPartnerRows(rows);
  }

  /** Every stored row (a scan of the table, for recompute). */
  private async storedRows(): Promise<PartnerRow[]> {
    const rows: PartnerRow[] = [];
    const pages = paginateScan(
      { client: this.doc },
      { TableName: this.table, FilterExpression: 'begins_with(pk, :prefix)', ExpressionAttributeValues: { ':prefix': PREFIX }, ConsistentRead: true },
    );
    for await (const page of pages) {
      for (const row of page.Items ?? []) rows.push({ department: String(row.pk).slice(PREFIX.length), month: String(row.sk), partners: partnersOf(row) });
    }
    return rows;
  }

  /** Sets the rows to those of these items: rows that differ are rewritten, rows no item supports are deleted. */
  async rebuild(items: Iterable<SharedItem>, dryRun: boolean): Promise<PartnerRowsReport> {
    const expected = new Map(partnerRowsOf(items).map((r) => [`${r.department}|${r.month}`, r]));
    const stored = new Map((await this.storedRows()).map((r) => [`${r.department}|${r.month}`, r]));
    const keys = new Set([...expected.keys(), ...stored.keys()]);
    const differing = [...keys].filter((k) => expected.get(k)?.partners.join(',') !== stored.get(k)?.partners.join(','));
    if (!dryRun) {
      for (const key of differing) {
        const row = expected.get(key);
        if (row) await this.doc.send(new PutCommand({ TableName: this.table, Item: { ...partnerKey(row.department, row.month), partners: new Set(row.partners) } }));
        else {
          const gone = stored.get(key)!;
          await this.doc.send(new DeleteCommand({ TableName: this.table, Key: partnerKey(gone.department, gone.month) }));
        }
      }
    }
    return { rowsChecked: keys.size, rowsWithDrift: differing.length, rowsFixed: dryRun ? 0 : differing.length };
  }
}
