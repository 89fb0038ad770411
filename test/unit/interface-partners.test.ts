import { describe, expect, it } from 'vitest';
import { dashboardDepartment } from '../../shared/app/dashboard/department';
import { dashboardInterfaces } from '../../shared/app/dashboard/interfaces';
import { pairsOfPartnerRows, partnerRowsOf, utcMonthsCovering } from '../../shared/domain/interface-partners';
import { dashboardWorld, officer, owner } from '../support/dashboard-world';

const item = (occurredAt: string, ...ids: string[]) => ({ occurredAt, departments: ids.map((id) => ({ id })) });

describe('utcMonthsCovering', () => {
  it('lists every UTC month the range touches, across a year end, and none for a reversed range', () => {
    expect(utcMonthsCovering(new Date('2026-11-30T23:00:00Z'), new Date('2027-02-01T00:00:00Z'))).toEqual(['2026-11', '2026-12', '2027-01', '2027-02']);
    expect(utcMonthsCovering(new Date('2026-03-02T00:00:00Z'), new Date('2026-03-08T00:00:00Z'))).toEqual(['2026-03']);
    expect(utcMonthsCovering(new Date('2026-03-08T00:00:00Z'), new Date('2026-03-02T00:00:00Z'))).toEqual([]);
  });
});

describe('partnerRowsOf', () => {
  it('gives each department of a shared item the others, by UTC month, leaving out unassigned and single-department items', () => {
    const rows = partnerRowsOf([
      item('2026-03-31T23:30:00Z', 'delivery', 'billing'),
      item('2026-03-10T10:00:00Z', 'billing', 'it', 'billing'),
      item('2026-04-01T00:30:00Z', 'billing', 'unassigned'),
      item('2026-04-02T10:00:00Z', 'it'),
    ]);
    expect(rows).toEqual([
      { department: 'delivery', month: '2026-03', partners: ['billing'] },
      { department: 'billing', month: '2026-03', partners: ['delivery', 'it'] },
      { department: 'it', month: '2026-03', partners: ['billing'] },
    ]);
    expect(pairsOfPartnerRows(rows)).toEqual(['billing+delivery', 'billing+it']);
  });
});

describe('the dashboard reads only the pairs the partners index lists', () => {
  it('shows no interface cell nor department pair the index does not list, and asks it for the range shown', async () => {
    // Prepare: the world's billing+delivery items are counted, but the index is emptied.
    const { deps, partners } = dashboardWorld();
    const listed = await dashboardInterfaces(officer(), {}, deps);
    partners.rows.clear();

    // Act
    const unlisted = await dashboardInterfaces(officer(), {}, deps);
    const billing = await dashboardDepartment(owner('billing.lead@example.com'), 'billing', {}, deps);

    // Assess: eight Paris weeks for the matrix (to the end of the current one), the owner's own department only.
    expect(listed.cells.map((c) => c.id)).toEqual(['billing+delivery']);
    expect(unlisted.cells).toEqual([]);
    expect(billing.pairs).toEqual([]);
    const [officerCall, , ownerCall] = partners.calls;
    expect(officerCall).toEqual({ departments: ['billing', 'delivery', 'it', 'unassigned'], from: new Date('2026-01-18T23:00:00Z'), to: new Date('2026-03-15T22:59:59.999Z') });
    expect(ownerCall!.departments).toEqual(['billing']);
  });
});
