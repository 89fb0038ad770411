/**
 * The topics bench's stream (issue #20, "Measure"): eight weeks of feedback for every department
 * of the default configuration, with stable themes in French and English, a realistic share of
 * items that no department's keywords capture, and one new theme injected into one department at
 * a given share of its traffic from a given day. Seeded: the same options give the same items,
 * ids and instants. Each item carries its ground truth (department, theme, injected) beside it.
 */
import { seededRandom } from '../../../shared/domain/sentiment-training';
import { zonedInstant, type ScenarioItem } from '../alerts/scenario';
import {
  DEPARTMENT_THEMES,
  DETAILS,
  INJECTED_DEPARTMENT,
  INJECTED_THEME,
  OPENERS,
  SIGN_OFFS,
  STREAM_DEPARTMENTS,
  UNASSIGNED_THEMES,
  type StreamDepartment,
  type StreamTheme,
  type Tone,
} from './stream-texts';

/** One item as the bench posts it to `POST /v1/feedback`: the alert replay's shape. */
export type StreamItem = ScenarioItem;

/** What the generator meant an item to be: the bench's ground truth, never sent. */
export interface StreamTruth {
  /** The department whose theme it was drawn from, or `unassigned`. */
  department: StreamDepartment | 'unassigned';
  theme: string;
  /** For unassigned themes: the department whose own items talk about it (null for generic ones). */
  belongsTo?: StreamDepartment | null;
  injected: boolean;
  /** The local day (YYYY-MM-DD) of `occurredAt`. */
  day: string;
}

export interface StreamOptions {
  seed?: number;
  zone?: string;
  /** First local day (a Monday, so the eight weeks are calendar weeks). */
  firstDay?: string;
  weeks?: number;
  injection?: { department?: StreamDepartment; dayIndex?: number; share?: number };
}

export interface TopicStream {
  seed: number;
  zone: string;
  days: string[];
  injection: { department: StreamDepartment; day: string; share: number; theme: string };
  /** Oldest first. */
  items: { item: StreamItem; truth: StreamTruth }[];
}

/** Weekday items per department: digital is the busiest, marketing the quietest. */
export const WEEKDAY_VOLUME: Record<StreamDepartment, number> = {
  sales: 30,
  marketing: 18,
  product: 40,
  'after-sales': 30,
  billing: 40,
  delivery: 60,
  digital: 80,
  'contact-centre': 50,
};
/** Items no keyword captures, as a share of all traffic (generic praise and complaints, uncovered words). */
export const UNASSIGNED_SHARE = 0.13;
const WEEKEND_FACTOR = 0.55;
const FRENCH_SHARE = 0.6;

export function addDays(day: string, n: number): string {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + n)).toISOString().slice(0, 10);
}

const isWeekend = (day: string) => [0, 6].includes(new Date(`${day}T12:00:00Z`).getUTCDay());

const NPS_BY_TONE: Record<Tone, [number, number]> = { positive: [9, 10], neutral: [7, 8], negative: [0, 6] };

export function topicStream(options: StreamOptions = {}): TopicStream {
  const seed = options.seed ?? 20;
  const zone = options.zone ?? 'Europe/Paris';
  const firstDay = options.firstDay ?? '2026-09-07';
  const weeks = options.weeks ?? 8;
  const injectedDepartment = options.injection?.department ?? INJECTED_DEPARTMENT;
  const injectionIndex = options.injection?.dayIndex ?? 37;
  const injectedShare = options.injection?.share ?? 0.03;
  const random = seededRandom(seed);
  const int = (lo: number, hi: number) => lo + Math.floor(random() * (hi - lo + 1));
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)]!;
  const weighted = <T extends { weight: number }>(xs: readonly T[]): T => {
    let r = random() * xs.reduce((s, x) => s + x.weight, 0);
    for (const x of xs) if ((r -= x.weight) < 0) return x;
    return xs.at(-1)!;
  };
  /** A normal draw around `mean` with Poisson spread (Box–Muller), never below zero. */
  const volume = (mean: number) => Math.max(0, Math.round(mean + Math.sqrt(mean) * Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random())));

  const days = Array.from({ length: weeks * 7 }, (_, i) => addDays(firstDay, i));
  const injectionDay = days[injectionIndex];
  if (!injectionDay) throw new RangeError(`injection day ${injectionIndex} is outside the ${days.length} days`);
  let serial = 0;
  const wallClock = (day: string, hour: number, minute: number) => Date.parse(`${day}T${String(hour).padStart(2, '0')}:${String(minute).padStart(2, '0')}:00Z`);
  // The zone's offset at noon holds for the whole daytime (clocks change at night): one lookup per day.
  const offsets = new Map<string, number>();
  const offsetOf = (day: string) => {
    if (!offsets.has(day)) offsets.set(day, zonedInstant(day, 12, 0, zone).getTime() - wallClock(day, 12, 0));
    return offsets.get(day)!;
  };
  const compose = (theme: StreamTheme, lang: 'fr' | 'en') => {
    const opener = random() < 0.4 ? pick(OPENERS[lang]) : '';
    const detail = random() < 0.3 ? pick(DETAILS[lang]) : '';
    const signOff = random() < 0.35 ? pick(SIGN_OFFS[lang]) : '';
    const body = pick(theme[lang]);
    const parts = [opener, detail || signOff ? body.replace(/([^.!?])$/, '$1.') : body, detail, signOff];
    return parts.filter(Boolean).join(random() < 0.5 ? ' ' : '\n');
  };
  const itemOf = (day: string, theme: StreamTheme, truth: Omit<StreamTruth, 'theme' | 'day'>) => {
    const lang = random() < FRENCH_SHARE ? 'fr' : 'en';
    const [lo, hi] = NPS_BY_TONE[theme.tone];
    const item: StreamItem = {
      externalId: `topics-${seed}-${++serial}`,
      text: compose(theme, lang),
      lang,
      occurredAt: new Date(wallClock(day, int(7, 21), int(0, 59)) + offsetOf(day)).toISOString(),
      ...(random() < 0.4 ? { ratings: { nps: int(lo, hi) } } : {}),
      customer: { id: `customer-${int(1, 50_000)}@example.com` },
    };
    return { item, truth: { ...truth, theme: theme.id, day } };
  };

  const items: TopicStream['items'] = [];
  days.forEach((day, i) => {
    const factor = isWeekend(day) ? WEEKEND_FACTOR : 1;
    const today: TopicStream['items'] = [];
    for (const department of STREAM_DEPARTMENTS) {
      for (let k = volume(WEEKDAY_VOLUME[department] * factor); k > 0; k--) {
        const injected = department === injectedDepartment && i >= injectionIndex && random() < injectedShare;
        today.push(itemOf(day, injected ? INJECTED_THEME : weighted(DEPARTMENT_THEMES[department]), { department, injected }));
      }
    }
    const assigned = Object.values(WEEKDAY_VOLUME).reduce((a, b) => a + b, 0) * factor;
    for (let k = volume((assigned * UNASSIGNED_SHARE) / (1 - UNASSIGNED_SHARE)); k > 0; k--) {
      const theme = weighted(UNASSIGNED_THEMES);
      today.push(itemOf(day, theme, { department: 'unassigned', belongsTo: theme.belongsTo, injected: false }));
    }
    today.sort((a, b) => a.item.occurredAt.localeCompare(b.item.occurredAt) || a.item.externalId.localeCompare(b.item.externalId));
    items.push(...today);
  });
  return { seed, zone, days, injection: { department: injectedDepartment, day: injectionDay, share: injectedShare, theme: INJECTED_THEME.id }, items };
}

/** The local day on which the injected items counted since injection first reach `count` (undefined if never). */
export function dayInjectedCountReaches(stream: TopicStream, count: number): string | undefined {
  let seen = 0;
  for (const { truth } of stream.items) if (truth.injected && ++seen >= count) return truth.day;
  return undefined;
}
