/**
 * The two tables the department, interfaces and journeys pages share: interface pairs with
 * their shared negative items and trend, and the journeys' Pareto (the digest's own cut). Each
 * scope is one read of its series over every period the table needs.
 */
import type * as z from 'zod';
import type { PairRowSchema, ParetoSchema } from '../../domain/dashboard/contract';
import type { PeriodWindow } from '../../domain/dashboard/periods';
import type { DepartmentsConfig } from '../../domain/departments/schema';
import { DEFAULT_DIGEST_OPTIONS, paretoJourneys } from '../../domain/digest';
import { scoreOf, type Counters } from '../../domain/scores';
import type { AggregateReader } from '../../ports/stores';
import { journeyNames, periodCounters, sumCounters } from './dashboard-reads';

export type PairRow = z.infer<typeof PairRowSchema>;
export type Pareto = z.infer<typeof ParetoSchema>;

/** Which of the periods read are the current range, the previous one and the trend (index ranges, end exclusive). */
export interface PeriodRoles {
  current: [number, number];
  previous: [number, number];
  trend: [number, number];
}

const sumOf = (counters: readonly Counters[], [from, to]: [number, number]) => sumCounters(counters.slice(from, to));

/** The pairs (`a+b`, sorted) with shared items in the current or previous range, most negative items first. */
export async function pairRows(aggregates: AggregateReader, pairIds: readonly string[], periods: readonly PeriodWindow[], roles: PeriodRoles): Promise<PairRow[]> {
  const counters = await Promise.all(pairIds.map((id) => periodCounters(aggregates, { kind: 'pair', id }, periods)));
  const rows: PairRow[] = [];
  pairIds.forEach((id, n) => {
    const current = sumOf(counters[n]!, roles.current);
    const previous = sumOf(counters[n]!, roles.previous);
    if (current.count === 0 && previous.count === 0) return;
    const [a, b] = id.split('+') as [string, string];
    rows.push({
      id,
      departments: [a, b],
      negative: current.negative,
      count: current.count,
      previousNegative: previous.count > 0 ? previous.negative : null,
      trend: counters[n]!.slice(...roles.trend).map((c) => c.negative),
    });
  });
  return rows.sort((x, y) => y.negative - x.negative || y.count - x.count || x.id.localeCompare(y.id));
}

/** The journeys' Pareto over the current range, each with its negative items of the previous one. */
export async function journeyPareto(
  aggregates: AggregateReader,
  journeyIds: readonly string[],
  periods: readonly PeriodWindow[],
  roles: Pick<PeriodRoles, 'current' | 'previous'>,
  config: DepartmentsConfig,
): Promise<Pareto> {
  const counters = await Promise.all(journeyIds.map((id) => periodCounters(aggregates, { kind: 'journey', id }, periods)));
  const inputs = journeyIds.map((id, n) => {
    const previous = sumOf(counters[n]!, roles.previous);
    return { id, names: journeyNames(id, config), current: scoreOf(sumOf(counters[n]!, roles.current)), previous: previous.count > 0 ? scoreOf(previous) : null };
  });
  const pareto = paretoJourneys(inputs, DEFAULT_DIGEST_OPTIONS.paretoShare);
  return { rows: pareto.rows, totalNegative: pareto.totalNegative, vitalFewCount: pareto.vitalFewCount, vitalFewShare: pareto.vitalFewShare };
}
