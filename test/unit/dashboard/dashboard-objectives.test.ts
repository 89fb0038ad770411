import { describe, expect, it } from 'vitest';
import type { DashboardDeps } from '../../../shared/app/dashboard/dashboard-reads';
import { dashboardDepartment } from '../../../shared/app/dashboard/department';
import { dashboardOverview } from '../../../shared/app/dashboard/overview';
import { DepartmentResponseSchema, OverviewResponseSchema } from '../../../shared/domain/dashboard/contract';
import { viewerOf } from '../../../shared/domain/dashboard/viewer';
import { OFFICER_CLAIMS, ownerClaims } from '../../support/dashboard-world';
import { DIGEST_RUN, objectivesWorld, ZONE } from '../../support/objectives-world';

async function deps(): Promise<DashboardDeps> {
  const world = await objectivesWorld('en');
  return {
    aggregates: world.aggregates,
    incidents: world.incidents,
    store: { verbatims: async () => { throw new Error('the objectives never read verbatims'); }, sharedPairs: async () => [] },
    departments: world.departments,
    timeZone: ZONE,
    now: () => DIGEST_RUN,
  };
}

describe('objectives on the dashboard routes', () => {
  it('GET /v1/dashboard/departments/{id} answers each objective with its gap and trajectory', async () => {
    // Prepare
    const d = await deps();
    // Act
    const r = DepartmentResponseSchema.parse(await dashboardDepartment(viewerOf(OFFICER_CLAIMS, d.departments), 'billing', {}, d));
    // Assess: the eight complete weeks before Monday 30 November.
    expect(r.objectives).toEqual([
      { metric: 'nps', target: 30, by: '2026-12-10', current: 24, currentWeek: '2026-11-22T23:00:00.000Z', gap: 6, slopePerWeek: 2, weeksUsed: 8, weeksThin: 0, status: 'off-track', weeksToReach: 3, reachedAround: '2026-12-21', offTrack: true },
      { metric: 'negativeShare', target: 0.2, by: '2026-12-31', current: 0.26, currentWeek: '2026-11-22T23:00:00.000Z', gap: 0.06, slopePerWeek: -0.02, weeksUsed: 8, weeksThin: 0, status: 'on-track', weeksToReach: 3, reachedAround: '2026-12-21', offTrack: false },
    ]);
    // A department without targets answers none.
    const sales = DepartmentResponseSchema.parse(await dashboardDepartment(viewerOf(OFFICER_CLAIMS, d.departments), 'sales', {}, d));
    expect(sales.objectives).toEqual([]);
  });

  it('GET /v1/dashboard/overview lists the departments off-track the viewer may see, with only their off-track objectives', async () => {
    const d = await deps();
    const all = OverviewResponseSchema.parse(await dashboardOverview(viewerOf(OFFICER_CLAIMS, d.departments), {}, d));
    expect(all.offTrack.map((o) => [o.id, o.names.en, o.objectives.map((x) => `${x.metric}:${x.status}`)])).toEqual([
      ['billing', 'Billing', ['nps:off-track']],
      ['delivery', 'Delivery', ['sentimentIndex:moving-away']],
    ]);
    const owner = OverviewResponseSchema.parse(await dashboardOverview(viewerOf(ownerClaims('billing-owner@example.com'), d.departments), {}, d));
    expect(owner.offTrack.map((o) => o.id)).toEqual(['billing']);
    // Looking back at the week of 5 October: too few weeks behind it to fit a pace, nothing off-track.
    const early = OverviewResponseSchema.parse(await dashboardOverview(viewerOf(OFFICER_CLAIMS, d.departments), { at: '2026-10-14T12:00:00Z' }, d));
    expect(early.offTrack).toEqual([]);
  });

  it('parses a response from before objectives existed (the page meets an older API)', () => {
    const older = { period: { kind: 'week', start: 'a', end: 'b', previousStart: 'c', zone: 'UTC' }, departments: [], incidents: [], totals: { count: 0, positive: 0, neutral: 0, negative: 0, mixed: 0, sentimentIndex: null, negativeShare: null, nps: null, csat: null, ces: null }, empty: true };
    expect(OverviewResponseSchema.parse(older).offTrack).toEqual([]);
  });
});
