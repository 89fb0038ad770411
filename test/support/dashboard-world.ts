/**
 * A small organisation, its sign-ins and a few weeks of counted items, for the dashboard's
 * use-case and handler suites: the real domain counts the aggregates (CountingAggregates), the
 * incidents live in memory with the store's contract.
 */
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import type { DashboardDeps } from '../../shared/app/dashboard/dashboard-reads';
import type { JwtClaims } from '../../shared/domain/dashboard/contract';
import { viewerOf } from '../../shared/domain/dashboard/viewer';
import { parseDepartmentsConfig } from '../../shared/domain/departments/schema';
import type { Verbatim, VerbatimFilter } from '../../shared/ports/stores';
import { CountingAggregates, type CountedItem } from './memory-incidents';
import { MemoryPartnerIndex } from './memory-partners';
import { InMemoryIncidentStore, storedIncident } from './stored-incidents';

export const PARIS = 'Europe/Paris';
/** Tuesday 10 March 2026, noon in Paris: the current week starts Monday 9 March (23:00 UTC on the 8th). */
export const NOW = new Date('2026-03-10T11:00:00Z');

export const DASHBOARD_CONFIG = parseDepartmentsConfig(
  JSON.stringify({
    departments: [
      { id: 'billing', names: { en: 'Billing', fr: 'Facturation' }, journeys: ['billing'], owners: ['billing.lead@example.com'] },
      { id: 'delivery', names: { en: 'Delivery', fr: 'Livraison' }, journeys: ['delivery', 'order'], owners: ['delivery.lead@example.com'] },
      { id: 'it', names: { en: 'IT', fr: 'Informatique' }, owners: ['it.lead@example.com'] },
    ],
  }),
);

export const OFFICER_CLAIMS: JwtClaims = { sub: 'u-officer', email: 'cco@example.com', email_verified: 'true', 'cognito:groups': '[officer]', token_use: 'id' };
export const ownerClaims = (email: string): JwtClaims => ({ sub: `u-${email}`, email, email_verified: 'true', token_use: 'id' });
export const officer = () => viewerOf(OFFICER_CLAIMS, DASHBOARD_CONFIG);
export const owner = (email: string) => viewerOf(ownerClaims(email), DASHBOARD_CONFIG);

/** `n` items on a Paris day (noon), `negative` of them negative, the rest positive. */
function day(date: string, departments: string[], n: number, negative: number, journeys: string[] = []): CountedItem[] {
  return Array.from({ length: n }, (_, i) => ({ occurredAt: `${date}T11:${String(i % 60).padStart(2, '0')}:00Z`, sentiment: i < negative ? 'negative' : 'positive', departments, journeys }));
}

/**
 * Last week (2–8 March) billing calm (30 items, 3 negative) and delivery bad (30, 15); this week
 * billing worse (30, 12) and delivery better (30, 6), 8 of billing's negative items shared with
 * delivery; IT quiet (5 items). Incidents: billing open, delivery open (minor), the pair recovered.
 */
export function dashboardWorld() {
  const aggregates = new CountingAggregates([PARIS]);
  const partners = new MemoryPartnerIndex();
  const items = [
    ...day('2026-03-03', ['billing'], 30, 3, ['billing']),
    ...day('2026-03-04', ['delivery'], 30, 15, ['delivery']),
    ...day('2026-03-09', ['billing'], 22, 4, ['billing']),
    ...day('2026-03-10', ['billing', 'delivery'], 8, 8, ['billing', 'delivery']),
    ...day('2026-03-10', ['delivery'], 22, 0, ['order']),
    ...day('2026-03-10', ['it'], 5, 1),
  ];
  aggregates.add(items);
  partners.add(items);
  const incidents = new InMemoryIncidentStore();
  const billing = storedIncident({ id: 'billing-2026-03-10', scope: { department: 'billing' }, openedAt: '2026-03-10T09:00:00.000Z', severity: 'major' });
  const delivery = storedIncident({ id: 'delivery-2026-03-10', scope: { department: 'delivery' }, openedAt: '2026-03-10T10:00:00.000Z', severity: 'minor' });
  const pair = storedIncident({ id: 'billing+delivery-2026-03-04', scope: { pair: ['billing', 'delivery'] }, status: 'recovered', openedAt: '2026-03-04T09:00:00.000Z', recoveredAt: '2026-03-05T09:00:00.000Z' });
  const journey = storedIncident({ id: 'journey.order-2026-03-10', scope: { journey: 'order' }, openedAt: '2026-03-10T08:00:00.000Z', severity: 'critical' });
  // The opening email a second after the opening, as the evaluator sends it.
  const sentAfterOpening = (i: typeof billing) => ({ ...i, sent: i.sent.map((n) => ({ ...n, at: new Date(Date.parse(i.openedAt) + 1000).toISOString() })) });
  for (const i of [billing, delivery, pair, journey]) incidents.rows.set(i.id, sentAfterOpening(i));
  const verbatimCalls: { department: string; filter?: VerbatimFilter; limit: number }[] = [];
  const verbatims: Verbatim[] = [
    { id: 'v1', occurredAt: '2026-03-10T11:00:00.000Z', text: 'Colis perdu, facture doublée', lang: 'fr', sentiment: 'negative', departments: [{ id: 'billing' }, { id: 'delivery' }] as Verbatim['departments'], journeys: [], channel: 'email', customerKey: 'secret-hash' },
  ];
  const deps: DashboardDeps = {
    aggregates,
    incidents,
    store: {
      verbatims: async (department, _from, _to, limit, filter) => {
        verbatimCalls.push({ department, limit, ...(filter ? { filter } : {}) });
        return verbatims;
      },
      sharedPairs: (departments, from, to) => partners.sharedPairs(departments, from, to),
    },
    departments: DASHBOARD_CONFIG,
    timeZone: PARIS,
    now: () => NOW,
  };
  return { deps, aggregates, partners, incidents, verbatimCalls };
}

/** A request as API Gateway's JWT authorizer hands it over: the claims in the request context. */
export function signedIn<E extends APIGatewayProxyEventV2>(event: E, claims: JwtClaims): E {
  (event.requestContext as unknown as { authorizer: unknown }).authorizer = { jwt: { claims, scopes: null } };
  return event;
}
