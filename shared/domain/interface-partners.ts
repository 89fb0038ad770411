/**
 * Which departments share items, month by month: the index that lets the dashboard read only
 * the interface pairs that exist in a range instead of every pair the configuration can form
 * (190 for twenty departments, each a series read over every write shard).
 *
 * Each department's row for a UTC month lists its partners: the departments it shared at least
 * one item with, whose `occurredAt` falls in that month. A pair is listed under both its sides,
 * so an owner reads only their own departments' rows. Rows only grow (a set union), so writing
 * them again for a redelivered or duplicate item changes nothing.
 */
import { UNASSIGNED } from './departments/schema';
import { interfacePairsOf } from './scores';

/** A department's partners in one UTC month (`YYYY-MM`). */
export interface PartnerRow {
  department: string;
  month: string;
  partners: string[];
}

/** The UTC month (`YYYY-MM`) holding an instant. */
export const utcMonthOf = (at: Date | string): string => (typeof at === 'string' ? new Date(at) : at).toISOString().slice(0, 7);

/**
 * The UTC months that overlap [from, to]: every month whose rows may list a pair with items in
 * that range (a local week or month straddles UTC months at its edges, so both are read).
 */
export function utcMonthsCovering(from: Date, to: Date): string[] {
  const months: string[] = [];
  if (to < from) return months;
  let year = from.getUTCFullYear();
  let month = from.getUTCMonth();
  const last = utcMonthOf(to);
  for (;;) {
    const id = `${year}-${String(month + 1).padStart(2, '0')}`;
    months.push(id);
    if (id >= last) return months;
    month++;
    if (month === 12) {
      month = 0;
      year++;
    }
  }
}

/**
 * The partner rows a set of items adds to, each row's partners sorted: per item, each of its
 * departments (`unassigned` left out, as interface pairs leave it) gets the others.
 */
export function partnerRowsOf(items: Iterable<{ occurredAt: string; departments: readonly { id: string }[] }>): PartnerRow[] {
  const rows = new Map<string, PartnerRow & { set: Set<string> }>();
  for (const item of items) {
    const ids = [...new Set(item.departments.map((d) => d.id))].filter((id) => id !== UNASSIGNED);
    if (ids.length < 2) continue;
    const month = utcMonthOf(item.occurredAt);
    for (const department of ids) {
      const key = `${department}|${month}`;
      const row = rows.get(key) ?? { department, month, partners: [], set: new Set<string>() };
      for (const partner of ids) if (partner !== department) row.set.add(partner);
      rows.set(key, row);
    }
  }
  return [...rows.values()].map(({ department, month, set }) => ({ department, month, partners: [...set].sort() }));
}

/**
 * The pairs (`a+b`, sorted) named by rows read for some departments: each row's department with
 * each of its partners, the list sorted and unique.
 */
export function pairsOfPartnerRows(rows: Iterable<Pick<PartnerRow, 'department' | 'partners'>>): string[] {
  const pairs = new Set<string>();
  for (const row of rows) for (const partner of row.partners) for (const pair of interfacePairsOf([row.department, partner])) pairs.add(pair);
  return [...pairs].sort();
}
