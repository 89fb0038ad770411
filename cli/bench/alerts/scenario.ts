import { seededRandom } from '../../../shared/domain/sentiment-training';
import {
  BILLING_INCIDENT_SENTENCES,
  DELIVERY_INCIDENT_SENTENCES,
  LATE_EXPORT_COMPLAINTS,
  QUIET_SENTENCES,
  SCENARIO_DEPARTMENTS,
  type ScenarioDepartment,
  type Sentence,
} from './scenario-texts';

/** One item as the scenario posts it to `POST /v1/feedback` (or writes it as an export row). */
export interface ScenarioItem {
  externalId: string;
  text: string;
  lang: 'en' | 'fr';
  occurredAt: string;
  ratings?: { nps: number };
  customer: { id: string };
}

export type ScenarioPhase = 'baseline' | 'incident' | 'backfill' | 'late-export';

/** What the replay does at one instant of the scenario's calendar (the local clock is set to `at` first). */
export type ScenarioStep =
  | { kind: 'post'; at: string; phase: ScenarioPhase; label: string; items: ScenarioItem[] }
  | { kind: 'export'; at: string; phase: ScenarioPhase; label: string; items: ScenarioItem[] };

/** An incident the scenario causes: where, and which local days break (the ones after are quiet again). */
export interface ScenarioIncident {
  name: string;
  department: ScenarioDepartment;
  /** The departments its items name: alerts for any of them on its days are about it. */
  departments: ScenarioDepartment[];
  /** Local days (YYYY-MM-DD) whose items break the department's rules. */
  days: string[];
}

export interface AlertScenario {
  seed: number;
  zone: string;
  /** The 30 local days of the calendar, in order. */
  days: string[];
  steps: ScenarioStep[];
  incidents: ScenarioIncident[];
  /** Local days outside the 30 whose windows late data touches (last month's export). */
  lateDays: string[];
}

export const SCENARIO_ZONE = 'Europe/Paris';
const FIRST_DAY = '2026-11-02';
const DAYS = 30;
const BILLING_DAY = 15;
const DELIVERY_DAY = 22;
const EXPORT_DAY = 27;
/** The late export covers the month before the calendar's first day. */
const EXPORT_MONTH = '2026-10';
const EXPORT_BAD_DAY = '2026-10-14';

/** The UTC instant of a local wall-clock time in `zone` (two passes settle any DST offset). */
export function zonedInstant(day: string, hour: number, minute: number, zone: string): Date {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  const wall = Date.UTC(y, m - 1, d, hour, minute);
  let at = wall;
  for (let i = 0; i < 2; i++) {
    const parts = Object.fromEntries(
      new Intl.DateTimeFormat('en-GB', { timeZone: zone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' })
        .formatToParts(new Date(at))
        .map((p) => [p.type, p.value]),
    );
    const seen = Date.UTC(Number(parts.year), Number(parts.month) - 1, Number(parts.day), Number(parts.hour), Number(parts.minute));
    at += wall - seen;
  }
  return new Date(at);
}

function addDays(day: string, n: number): string {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + n)).toISOString().slice(0, 10);
}

/**
 * The alert replay's 30 days (issue #15, "Measure"), the same for the same seed: a quiet baseline
 * (about a dozen items a day per department, a few for billing, posted each evening with their
 * `occurredAt`); a billing incident (60 negative billing items in six posts, a third also naming
 * delivery or the contact centre); two weeks of backfilled history arriving that evening; a
 * recovery; a second, unrelated incident at delivery; and a late export of last month, with one
 * bad day at the contact centre that must not raise anything now.
 */
export function alertScenario(seed = 15): AlertScenario {
  const random = seededRandom(seed);
  const int = (lo: number, hi: number) => lo + Math.floor(random() * (hi - lo + 1));
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)]!;
  const zone = SCENARIO_ZONE;
  const days = Array.from({ length: DAYS }, (_, i) => addDays(FIRST_DAY, i));
  let serial = 0;
  const item = (sentence: Sentence, occurredAt: Date, nps: number | undefined, tag: string): ScenarioItem => ({
    externalId: `replay-${seed}-${tag}-${++serial}`,
    text: sentence.text,
    lang: sentence.lang,
    occurredAt: occurredAt.toISOString(),
    ...(nps === undefined ? {} : { ratings: { nps } }),
    customer: { id: `customer-${int(1, 20_000)}@example.com` },
  });
  /** Items a department receives on a quiet day: mostly pleased, about one in seven unhappy. */
  const quietItems = (day: string, department: ScenarioDepartment, count: number, tag: string): ScenarioItem[] =>
    Array.from({ length: count }, () => {
      const unhappy = random() < 0.15;
      const sentences = QUIET_SENTENCES[department][unhappy ? 'unhappy' : 'pleased'];
      const nps = random() < 0.6 ? (unhappy ? int(0, 6) : int(7, 10)) : undefined;
      return item(pick(sentences), zonedInstant(day, int(8, 19), int(0, 59), zone), nps, tag);
    });
  const quietDay = (day: string, scale: number, tag: string): ScenarioItem[] =>
    SCENARIO_DEPARTMENTS.flatMap((d) => quietItems(day, d, Math.max(1, Math.round((d === 'billing' ? int(2, 4) : int(10, 14)) * scale)), tag));
  const burst = (day: string, hour: number, count: number, sentences: () => Sentence, tag: string): ScenarioItem[] =>
    Array.from({ length: count }, () => item(sentences(), zonedInstant(day, hour - 1, int(0, 59), zone), random() < 0.6 ? int(0, 3) : undefined, tag));

  const steps: ScenarioStep[] = [];
  days.forEach((day, i) => {
    if (i === BILLING_DAY) {
      for (let post = 0; post < 6; post++) {
        const items = burst(day, 10 + post, 10, () => (random() < 1 / 3 ? pick(BILLING_INCIDENT_SENTENCES.withOthers) : pick(BILLING_INCIDENT_SENTENCES.billingOnly)), 'billing');
        steps.push({ kind: 'post', at: zonedInstant(day, 10 + post, 0, zone).toISOString(), phase: 'incident', label: `billing incident ${post + 1}/6`, items });
      }
      // The two weeks before the incident arrive late, from a system connected today.
      const history = days.slice(BILLING_DAY - 14, BILLING_DAY).flatMap((d) => quietDay(d, 0.5, 'backfill'));
      for (let k = 0; k < history.length; k += 100) {
        steps.push({ kind: 'post', at: zonedInstant(day, 19, 0, zone).toISOString(), phase: 'backfill', label: `backfill ${k / 100 + 1}`, items: history.slice(k, k + 100) });
      }
    }
    if (i === DELIVERY_DAY) {
      for (let post = 0; post < 5; post++) {
        const items = burst(day, 10 + post, 10, () => pick(DELIVERY_INCIDENT_SENTENCES), 'delivery');
        steps.push({ kind: 'post', at: zonedInstant(day, 10 + post, 0, zone).toISOString(), phase: 'incident', label: `delivery incident ${post + 1}/5`, items });
      }
    }
    if (i === EXPORT_DAY) {
      const month = Array.from({ length: 31 }, (_, k) => `${EXPORT_MONTH}-${String(k + 1).padStart(2, '0')}`);
      const rows = month.flatMap((d) => quietDay(d, 1 / 6, 'export'));
      rows.push(...burst(EXPORT_BAD_DAY, 15, 40, () => pick(LATE_EXPORT_COMPLAINTS), 'export-bad'));
      steps.push({ kind: 'export', at: zonedInstant(day, 9, 0, zone).toISOString(), phase: 'late-export', label: `late export of ${EXPORT_MONTH}`, items: rows });
    }
    const quiet = quietDay(day, 1, 'day');
    steps.push({ kind: 'post', at: zonedInstant(day, 21, 0, zone).toISOString(), phase: 'baseline', label: `day ${i + 1}/${DAYS}`, items: quiet });
  });
  return {
    seed,
    zone,
    days,
    steps,
    incidents: [
      { name: 'billing', department: 'billing', departments: ['billing', 'delivery', 'contact-centre'], days: [days[BILLING_DAY]!] },
      { name: 'delivery', department: 'delivery', departments: ['delivery'], days: [days[DELIVERY_DAY]!] },
    ],
    lateDays: [EXPORT_BAD_DAY],
  };
}

/** The scenario's items as a generic-profile CSV (the late export). */
export function exportCsv(items: readonly ScenarioItem[]): string {
  const cell = (v: string) => (/[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
  const lines = items.map((r) => [r.externalId, r.occurredAt, r.text, r.lang, r.ratings?.nps ?? '', r.customer.id].map((v) => cell(String(v))).join(','));
  return ['id,date,text,lang,nps,customer', ...lines].join('\n') + '\n';
}
