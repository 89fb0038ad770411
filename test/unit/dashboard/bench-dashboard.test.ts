import { describe, expect, it } from 'vitest';
import { benchDepartments, formatDashboardBench } from '../../../cli/bench-dashboard';
import { dashboardYearCells } from '../../../cli/dashboard-year';
import { DEFAULT_DEPARTMENTS } from '../../../shared/domain/departments/schema';
import { seriesId } from '../../../shared/domain/scores';

describe('the dashboard bench data', () => {
  it('builds twenty departments, the default organisation first, each owning a journey', () => {
    const config = benchDepartments(20);
    expect(config.departments).toHaveLength(20);
    expect(new Set(config.departments.map((d) => d.id)).size).toBe(20);
    expect(config.departments[0]!.id).toBe(DEFAULT_DEPARTMENTS.departments[0]!.id);
    expect(config.departments.every((d) => d.journeys.length === 1 && d.owners.length === 1)).toBe(true);
  });

  it('counts shared items in both departments and their pair, the same day in UTC and Paris', () => {
    const config = benchDepartments(3);
    const cells = dashboardYearCells(config, { days: 10, end: new Date('2026-06-30T00:00:00Z'), zone: 'Europe/Paris', shards: 4 });
    const [a, b] = config.departments.map((d) => d.id) as [string, string];
    const pair = cells.get(seriesId({ kind: 'pair', id: [a, b].sort().join('+') }, 'day', 'UTC'))!;
    expect(pair.size).toBe(10);
    const day = '2026-06-30T00:00:00.000Z';
    const utc = cells.get(seriesId({ kind: 'dept', id: b }, 'day', 'UTC'))!.get(day)!;
    const paris = cells.get(seriesId({ kind: 'dept', id: b }, 'day', 'Europe/Paris'))!.get('2026-06-29T22:00:00.000Z')!;
    expect(paris).toEqual(utc);
    expect(utc.count).toBeGreaterThan(pair.get(day)!.count);
    const weeks = cells.get(seriesId({ kind: 'dept', id: a }, 'week', 'UTC'))!;
    const days = cells.get(seriesId({ kind: 'dept', id: a }, 'day', 'UTC'))!;
    expect([...weeks.values()].reduce((s, c) => s + c.count, 0)).toBe([...days.values()].reduce((s, c) => s + c.count, 0));
  });

  it('prints the figures side by side, a period-only route without a year', () => {
    const text = formatDashboardBench({
      departments: 20,
      days: 365,
      aggregateRows: 40128,
      seedSeconds: 40,
      calls: 40,
      loadAverage: [1.2, 1.4],
      latency: [{ route: 'overview (week)', p50Ms: 45.5, p95Ms: 80.1 }],
      readUnits: [{ route: 'overview', week: 42, month: 138, year: Number.NaN }],
    });
    expect(text).toMatch(/overview \(week\)\s+45.5\s+80.1/);
    expect(text).toMatch(/overview\s+42\s+138\s+—/);
    expect(text).toContain('load average 1.2 → 1.4');
  });
});
