/** The interface-partners index in memory, built by the domain's own rules (shared/domain/interface-partners.ts). */
import { pairsOfPartnerRows, partnerRowsOf, utcMonthsCovering, type PartnerRow } from '../../shared/domain/interface-partners';
import type { InterfacePartnersReader } from '../../shared/ports/stores';

export class MemoryPartnerIndex implements InterfacePartnersReader {
  readonly rows = new Map<string, PartnerRow>();
  /** Every call's departments and range, to check what a use case asked for. */
  readonly calls: { departments: string[]; from: Date; to: Date }[] = [];

  add(items: readonly { occurredAt: string; departments: readonly (string | { id: string })[] }[]): void {
    const normalised = items.map((i) => ({ occurredAt: i.occurredAt, departments: i.departments.map((d) => (typeof d === 'string' ? { id: d } : d)) }));
    for (const row of partnerRowsOf(normalised)) {
      const key = `${row.department}|${row.month}`;
      const partners = new Set([...(this.rows.get(key)?.partners ?? []), ...row.partners]);
      this.rows.set(key, { ...row, partners: [...partners].sort() });
    }
  }

  async sharedPairs(departmentIds: readonly string[], from: Date, to: Date): Promise<string[]> {
    this.calls.push({ departments: [...departmentIds], from, to });
    const months = new Set(utcMonthsCovering(from, to));
    return pairsOfPartnerRows([...this.rows.values()].filter((r) => departmentIds.includes(r.department) && months.has(r.month)));
  }
}
