import { VerbatimsQuerySchema, type VerbatimsResponse, type Viewer } from '../../domain/dashboard/contract';
import { assertCanSee } from '../../domain/dashboard/viewer';
import { UNASSIGNED } from '../../domain/departments/schema';
import { InvalidRequestError, NotFoundError } from '../../domain/failures';
import type { VerbatimFilter } from '../../ports/stores';
import { departmentNames, nowOf, parseQuery, type DashboardDeps } from './dashboard-reads';

const DEFAULT_DAYS = 7;
const MAX_DAYS = 92;
/** Index entries a filtered request reads at most (a rare filter over three months stops here rather than read them all). */
export const MAX_EXAMINED_VERBATIMS = 2_000;

/**
 * GET /v1/dashboard/verbatims: the redacted verbatims of a department or of an interface pair
 * (the items attributed to both), newest first, each with its sentiment, channel and why it was
 * attributed; narrowed by sentiment, journey and channel. A pair is read from the index of the
 * department the viewer owns (either will do for the officer) and kept when the item is in the
 * other too. The customer's key stays inside the pipeline.
 */
export async function dashboardVerbatims(viewer: Viewer, query: Record<string, string | undefined>, deps: Pick<DashboardDeps, 'store' | 'departments' | 'now'>): Promise<VerbatimsResponse> {
  const q = parseQuery(VerbatimsQuerySchema, query);
  if (Boolean(q.department) === Boolean(q.pair)) {
    throw new InvalidRequestError('invalid_query', 'ask for exactly one of department or pair, e.g. ?department=billing or ?pair=billing%2Bdelivery');
  }
  const config = deps.departments;
  let read: string;
  const filter: VerbatimFilter = { ...(q.journey ? { journey: q.journey } : {}), ...(q.sentiment ? { sentiment: q.sentiment } : {}), ...(q.channel ? { channel: q.channel } : {}) };
  if (q.department) {
    departmentNames(q.department, config);
    assertCanSee(viewer, q.department);
    read = q.department;
  } else {
    const [a, b] = q.pair!.split('+').sort() as [string, string];
    for (const id of [a, b]) {
      if (id === UNASSIGNED || !config.departments.some((d) => d.id === id)) throw new NotFoundError(`No department "${id}" in pair "${q.pair}"; pairs join two configured departments.`);
    }
    if (a === b) throw new InvalidRequestError('invalid_query', `pair joins two different departments; got "${q.pair}".`);
    assertCanSee(viewer, [a, b]);
    read = viewer.role === 'owner' && !viewer.departments.includes(a) ? b : a;
    filter.alsoDepartment = read === a ? b : a;
  }
  if (q.journey && !config.journeys.some((j) => j.id === q.journey)) throw new NotFoundError(`No journey "${q.journey}"; the session lists each department's journeys.`);

  const to = q.to ? new Date(q.to) : nowOf(deps);
  const from = q.from ? new Date(q.from) : new Date(to.getTime() - DEFAULT_DAYS * 86_400_000);
  if (from > to) throw new InvalidRequestError('invalid_query', '"from" is after "to".');
  if (to.getTime() - from.getTime() > MAX_DAYS * 86_400_000) throw new InvalidRequestError('invalid_query', `Ask for at most ${MAX_DAYS} days at a time.`);
  const narrowed = Object.keys(filter).length > 0;
  const items = await deps.store.verbatims(read, from, to, q.limit, narrowed ? { ...filter, maxExamined: MAX_EXAMINED_VERBATIMS } : undefined);
  return {
    from: from.toISOString(),
    to: to.toISOString(),
    items: items.map((v) => ({
      id: v.id,
      occurredAt: v.occurredAt,
      text: v.text,
      lang: v.lang,
      sentiment: v.sentiment,
      channel: v.channel,
      departments: v.departments.map((d) => ({ ...d })),
      journeys: v.journeys.map((j) => ({ ...j })),
      ...(v.ratings ? { ratings: v.ratings } : {}),
    })),
  };
}
