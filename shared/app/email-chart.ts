/**
 * The trend chart of the alert and incident emails: one row per window, a bar whose width in CSS
 * pixels says the value, the value written beside it, windows past the threshold in red. Built of
 * a table and `div`s with inline styles only: mail clients drop external images and `<style>`
 * blocks more often than inline widths, and the old `▁▂█` sparkline came out as underscores in
 * Chromium's default fonts. The plain-text part gets the same chart drawn with `#`.
 */
import type { AlertRuleKind } from '../domain/alerts/rules';
import { formatMetricValue, type Lang } from '../domain/alerts/wording';
import type { Granularity, Score } from '../domain/scores';
import { DASH } from './email-layout';
import { escapeHtml } from './hostile-text';

export interface TrendPoint {
  /** ISO start of the window. */
  window: string;
  score: Score;
}

/** Widest bar, in CSS pixels: with the date and value columns it fits a 375 px phone screen. */
export const CHART_BAR_PX = 180;
/** Widest bar of the plain-text chart, in characters. */
const TEXT_BAR_CHARS = 20;
const BAR_COLOUR = '#5b7fa6';
const BREAKING_COLOUR = '#c62828';

export interface ChartBar {
  /** Window start (ISO). */
  window: string;
  /** `2 Dec`, `2 déc.`: the window in the local zone. */
  label: string;
  value: number | null;
  /** The value as the email writes it, or a dash without data. */
  display: string;
  /** Bar width in CSS pixels (0 without data). */
  widthPx: number;
  /** Past the rule's threshold. */
  breaking: boolean;
}

export interface TrendChart {
  kind: AlertRuleKind;
  threshold: number;
  bars: ChartBar[];
  /** `Red: past the threshold (35%)` (HTML), `* past the threshold (35%)` (text). */
  legend: { html: string; text: string };
}

/** The score's figure a rule watches. */
export function metricOf(kind: AlertRuleKind, s: Score): number | null {
  switch (kind) {
    case 'negative-share':
      return s.negativeShare;
    case 'sentiment-drop':
      return s.sentimentIndex;
    case 'nps-below':
      return s.nps;
    case 'csat-below':
      return s.csat;
    case 'ces-above':
      return s.ces;
    case 'volume-spike':
      return s.count;
    case 'interface-hotspot':
      return s.negative;
    case 'emerging-negative-topic':
      // A topic's statistic is not a score's figure: incident emails chart another rule (chartableKind).
      return null;
  }
}

/** Whether a value is on the wrong side of a rule's threshold (the rules' own comparisons). */
export function pastThreshold(kind: AlertRuleKind, value: number, threshold: number): boolean {
  switch (kind) {
    case 'negative-share':
    case 'volume-spike':
    case 'interface-hotspot':
    case 'emerging-negative-topic':
      return value >= threshold;
    case 'ces-above':
      return value > threshold;
    case 'sentiment-drop':
      return value <= threshold;
    case 'nps-below':
    case 'csat-below':
      return value < threshold;
  }
}

/**
 * The axis of a metric: bounded metrics use their whole range (so a bar's length means the same
 * from one email to the next), counts and shares start at zero and end at the largest value or
 * the threshold, whichever is higher.
 */
function scaleOf(kind: AlertRuleKind, values: readonly number[], threshold: number): { min: number; max: number } {
  switch (kind) {
    case 'sentiment-drop':
    case 'nps-below':
      return { min: -100, max: 100 };
    case 'csat-below':
      return { min: 0, max: 100 };
    case 'ces-above':
      return { min: 1, max: 7 };
    default:
      return { min: 0, max: Math.max(threshold, ...values) };
  }
}

/** A value's bar width: 0 at the bottom of the scale, CHART_BAR_PX at its top, at least 1 px for any value. */
export function barWidthPx(value: number, min: number, max: number): number {
  if (!(max > min)) return 1;
  const ratio = Math.min(1, Math.max(0, (value - min) / (max - min)));
  return Math.max(1, Math.round(ratio * CHART_BAR_PX));
}

/** `2 Dec` / `2 déc.` (day), `2 Dec 14:00` (hour), `wk 30 Nov` / `sem. 30 nov.` (week), in the zone. */
export function chartLabel(window: string, granularity: Granularity, zone: string, lang: Lang): string {
  const date = new Date(window);
  const day = new Intl.DateTimeFormat(lang === 'fr' ? 'fr-FR' : 'en-GB', { day: 'numeric', month: 'short', timeZone: zone }).format(date);
  if (granularity === 'day') return day;
  if (granularity === 'week') return `${lang === 'fr' ? 'sem.' : 'wk'} ${day}`;
  const time = new Intl.DateTimeFormat('en-GB', { hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZone: zone }).format(date);
  return `${day} ${time}`;
}

/** The chart of one rule's metric over the trend's windows (oldest first). */
export function trendChartOf(
  kind: AlertRuleKind,
  threshold: number,
  trend: readonly TrendPoint[],
  options: { granularity: Granularity; zone: string; lang: Lang },
): TrendChart {
  const { lang } = options;
  const values = trend.map((p) => metricOf(kind, p.score));
  const { min, max } = scaleOf(kind, values.filter((v): v is number => v !== null), threshold);
  const bars = trend.map((p, i): ChartBar => {
    const value = values[i] ?? null;
    return {
      window: p.window,
      label: chartLabel(p.window, options.granularity, options.zone, lang),
      value,
      display: value === null ? DASH : formatMetricValue(kind, value, lang),
      widthPx: value === null ? 0 : barWidthPx(value, min, max),
      breaking: value !== null && pastThreshold(kind, value, threshold),
    };
  });
  const bound = formatMetricValue(kind, threshold, lang);
  const past = lang === 'fr' ? `au-delà du seuil (${bound})` : `past the threshold (${bound})`;
  return { kind, threshold, bars, legend: { html: `${lang === 'fr' ? 'En rouge : ' : 'Red: '}${past}`, text: `* ${past}` } };
}

const LABEL_CELL = 'padding:2px 8px 2px 0;font-size:12px;color:#444;white-space:nowrap;text-align:left;border:0';
const BAR_CELL = `padding:2px 0;width:${CHART_BAR_PX}px;border:0`;
const VALUE_CELL = 'padding:2px 0 2px 8px;font-size:12px;white-space:nowrap;text-align:right;border:0';

/** The chart as an HTML table (inline styles only), then its legend. */
export function chartHtml(chart: TrendChart): string {
  const rows = chart.bars.map((b) => {
    const bar =
      b.value === null
        ? ''
        : `<div style="width:${b.widthPx}px;height:12px;line-height:12px;font-size:1px;background:${b.breaking ? BREAKING_COLOUR : BAR_COLOUR}">&nbsp;</div>`;
    const value = b.breaking ? `<b>${escapeHtml(b.display)}</b>` : escapeHtml(b.display);
    return `<tr><td style="${LABEL_CELL}">${escapeHtml(b.label)}</td><td style="${BAR_CELL}">${bar}</td><td style="${VALUE_CELL}">${value}</td></tr>`;
  });
  return [
    `<table style="border-collapse:collapse;margin:8px 0">${rows.join('')}</table>`,
    `<p style="margin:0 0 8px;font-size:12px;color:#666">${escapeHtml(chart.legend.html)}</p>`,
  ].join('\n');
}

/** The chart in plain text: `2 Dec  ##########   64% *`, a star past the threshold. */
export function chartText(chart: TrendChart): string {
  const labelWidth = Math.max(0, ...chart.bars.map((b) => Array.from(b.label).length));
  const valueWidth = Math.max(0, ...chart.bars.map((b) => Array.from(b.display).length));
  const lines = chart.bars.map((b) => {
    const chars = b.value === null ? 0 : Math.max(1, Math.round((b.widthPx / CHART_BAR_PX) * TEXT_BAR_CHARS));
    return `${b.label.padEnd(labelWidth)}  ${'#'.repeat(chars).padEnd(TEXT_BAR_CHARS)}  ${b.display.padStart(valueWidth)}${b.breaking ? ' *' : ''}`.trimEnd();
  });
  return [...lines, chart.legend.text].join('\n');
}
