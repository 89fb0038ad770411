/**
 * Interface briefs (issue #21): problems that sit between two departments are worked on by both,
 * without looking for a culprit. Each week, every interface pair that is an active hotspot (an
 * open incident on the pair, or at least `hotspotBriefMin` negative items the two departments
 * share in the week) gets ONE brief, the same for the owners of both departments, the officer in
 * copy. Pure: which pairs, who reads it in which language, which journeys, which marker.
 */
import { ownersByLanguage } from './alerts/recipients';
import type { Lang } from './alerts/wording';
import { thresholdsFor, type DepartmentsConfig } from './departments/schema';
import type { Score } from './scores';

/** Weeks the brief's trend chart shows, this one included. */
export const BRIEF_TREND_WEEKS = 8;
/** Distinct verbatims a brief quotes. */
export const BRIEF_VERBATIMS = 5;

export interface PairWeek {
  /** `billing+delivery` (sorted, as the aggregates name pairs). */
  id: string;
  /** Week windows, oldest first; the last one is the brief's week. Weeks without data have a zero score. */
  weeks: { window: string; score: Score }[];
  /** The pair's incident open now, if any. */
  openIncident: { id: string; openedAt: string } | null;
}

export interface ActiveHotspot extends PairWeek {
  departments: [string, string];
  /** Negative items the two departments share this week. */
  negative: number;
  /** The pair's threshold: the lower of its departments' `hotspotBriefMin`. */
  threshold: number;
  /** Why it is briefed: the open incident, the week's volume, or both. */
  reasons: ('incident' | 'volume')[];
}

export function pairDepartments(pairId: string): [string, string] {
  const [a = '', b = ''] = pairId.split('+');
  return [a, b];
}

/** The lower of the two departments' `hotspotBriefMin`: a pair is a hotspot as soon as one side would call it one. */
export function hotspotBriefMinOf(pairId: string, config: DepartmentsConfig): number {
  const [a, b] = pairDepartments(pairId);
  return Math.min(thresholdsFor(config, a).hotspotBriefMin, thresholdsFor(config, b).hotspotBriefMin);
}

/** The pairs to brief this week, most shared negative items first (then by id, so runs agree). */
export function activeHotspots(pairs: readonly PairWeek[], config: DepartmentsConfig): ActiveHotspot[] {
  return pairs
    .map((p): ActiveHotspot => {
      const negative = p.weeks.at(-1)?.score.negative ?? 0;
      const threshold = hotspotBriefMinOf(p.id, config);
      const reasons: ActiveHotspot['reasons'] = [];
      if (p.openIncident) reasons.push('incident');
      if (negative >= threshold) reasons.push('volume');
      return { ...p, departments: pairDepartments(p.id), negative, threshold, reasons };
    })
    .filter((h) => h.reasons.length > 0)
    .sort((a, b) => b.negative - a.negative || a.id.localeCompare(b.id));
}

/** Journeys of the shared negative items read, most frequent first (an item on two journeys counts in both). */
export function journeysInvolved(items: readonly { journeys: readonly { id: string }[] }[]): { id: string; items: number }[] {
  const counts = new Map<string, number>();
  for (const item of items) for (const id of new Set(item.journeys.map((j) => j.id))) counts.set(id, (counts.get(id) ?? 0) + 1);
  return [...counts.entries()].map(([id, items]) => ({ id, items })).sort((a, b) => b.items - a.items || a.id.localeCompare(b.id));
}

/** One email of a brief: the owners who read `lang` (To) and the officer in copy on one of them. */
export interface BriefAudience {
  lang: Lang;
  to: string[];
  cc: string[];
}

/**
 * Who reads a pair's brief, in which language: the owners of both departments (an owner of both
 * once), grouped by their language (`lang` of their owner entry, else the mail language), so
 * two owners who read the same language share one email and see each other. The officer is in
 * copy of the email in their language, or of the first one when no owner reads it; with no owner
 * configured, the officer receives it alone.
 */
export function briefAudiences(pairId: string, config: DepartmentsConfig, officer: string | readonly string[], officerLang: Lang): BriefAudience[] {
  const byLang = ownersByLanguage(pairDepartments(pairId), config, officerLang);
  const owners = new Set([...byLang.values()].flat().map((a) => a.toLowerCase()));
  const officers = (typeof officer === 'string' ? [officer] : [...officer]).filter((o) => !owners.has(o.trim().toLowerCase()));
  const audiences: BriefAudience[] = [...byLang.entries()].map(([lang, to]) => ({ lang, to, cc: [] }));
  if (audiences.length === 0) return officers.length ? [{ lang: officerLang, to: officers, cc: [] }] : [];
  (audiences.find((a) => a.lang === officerLang) ?? audiences[0]!).cc.push(...officers);
  return audiences;
}

/** Claimed before a brief's email goes out: one per pair, week and language, whatever the retries. */
export function briefMarker(weekStart: string, pairId: string, lang: Lang): string {
  return `brief#${weekStart}#${pairId}#${lang}`;
}

/** Claimed before the brief is handed to the notification targets (Slack, Teams, webhooks). */
export function briefEventId(weekStart: string, pairId: string): string {
  return `brief#${weekStart}#${pairId}`;
}
