import { describe, expect, it } from 'vitest';
import { barWidthPx, CHART_BAR_PX, chartHtml, chartLabel, chartText, pastThreshold, trendChartOf, type TrendPoint } from '../../shared/app/email-chart';
import { emptyCounters, scoreOf } from '../../shared/domain/scores';

const day = (i: number) => new Date(Date.UTC(2026, 11, 1 + i)).toISOString();
const point = (i: number, count: number, negative: number, nps?: { promoters: number; detractors: number; answers: number }): TrendPoint => ({
  window: day(i),
  score: scoreOf({
    ...emptyCounters(),
    count,
    negative,
    neutral: count - negative,
    ...(nps ? { npsCount: nps.answers, promoters: nps.promoters, detractors: nps.detractors } : {}),
  }),
});

describe('trendChartOf', () => {
  it('draws shares from zero to the larger of the largest value and the threshold, red past the threshold', () => {
    // Prepare: 10 %, 20 %, no data, 30 % with a 40 % threshold: the threshold tops the scale.
    const trend = [point(0, 10, 1), point(1, 10, 2), point(2, 0, 0), point(3, 10, 3)];
    // Act
    const chart = trendChartOf('negative-share', 0.4, trend, { granularity: 'day', zone: 'Europe/Paris', lang: 'en' });
    // Assess
    expect(chart.bars.map((b) => b.widthPx)).toEqual([45, 90, 0, 135]);
    expect(chart.bars.map((b) => b.display)).toEqual(['10%', '20%', '–', '30%']);
    expect(chart.bars.some((b) => b.breaking)).toBe(false);
    const over = trendChartOf('negative-share', 0.2, trend, { granularity: 'day', zone: 'UTC', lang: 'fr' });
    expect(over.bars.map((b) => b.breaking)).toEqual([false, true, false, true]);
    expect(over.bars.at(-1)!.widthPx).toBe(CHART_BAR_PX);
    expect(over.legend.html).toBe('En rouge : au-delà du seuil (20 %)');
  });

  it('draws a signed metric (NPS) on its whole range, so -100 is the shortest bar and a fall below the threshold is red', () => {
    // Prepare: NPS -100, 0, +50.
    const trend = [
      point(0, 10, 5, { promoters: 0, detractors: 10, answers: 10 }),
      point(1, 10, 5, { promoters: 5, detractors: 5, answers: 10 }),
      point(2, 10, 5, { promoters: 5, detractors: 0, answers: 10 }),
    ];
    // Act
    const chart = trendChartOf('nps-below', 0, trend, { granularity: 'day', zone: 'UTC', lang: 'en' });
    // Assess
    expect(chart.bars.map((b) => b.widthPx)).toEqual([1, 90, 135]);
    expect(chart.bars.map((b) => b.breaking)).toEqual([true, false, false]);
  });

  it('labels windows in the local zone, and writes the same chart in HTML (pixel widths) and text (#)', () => {
    // 23:30 UTC on 1 Dec is already 2 Dec in Paris.
    expect(chartLabel('2026-12-01T23:30:00Z', 'day', 'Europe/Paris', 'en')).toBe('2 Dec');
    expect(chartLabel('2026-12-01T23:00:00Z', 'hour', 'Europe/Paris', 'fr')).toBe('2 déc. 00:00');
    expect(chartLabel('2026-11-29T23:00:00Z', 'week', 'Europe/Paris', 'en')).toBe('wk 30 Nov');
    const chart = trendChartOf('volume-spike', 30, [point(0, 15, 0), point(1, 60, 0)], { granularity: 'day', zone: 'UTC', lang: 'en' });
    expect(chartHtml(chart)).toContain('<div style="width:45px;height:12px;line-height:12px;font-size:1px;background:#5b7fa6">');
    expect(chartHtml(chart)).toContain('<div style="width:180px;height:12px;line-height:12px;font-size:1px;background:#c62828">');
    expect(chartText(chart)).toBe(['1 Dec  #####                 15', '2 Dec  ####################  60 *', '* past the threshold (30)'].join('\n'));
  });
});

describe('pastThreshold / barWidthPx', () => {
  it('compares each rule its own way and clamps widths to the scale', () => {
    expect(pastThreshold('ces-above', 5, 5)).toBe(false);
    expect(pastThreshold('ces-above', 5.1, 5)).toBe(true);
    expect(pastThreshold('csat-below', 60, 60)).toBe(false);
    expect(pastThreshold('sentiment-drop', -20, -20)).toBe(true);
    expect(barWidthPx(200, 0, 100)).toBe(CHART_BAR_PX);
    expect(barWidthPx(-5, 0, 100)).toBe(1);
    expect(barWidthPx(3, 3, 3)).toBe(1);
  });
});
