/** The journeys Pareto: bars of negative items, most first, the vital few in red, the cumulative share as a line; the same figures as a table. */
import * as z from 'zod';
import { useMemo } from 'preact/hooks';
import type { ParetoSchema } from '../../../shared/domain/dashboard/contract';
import { useApp } from '../app-context';
import { useI18n } from '../i18n/i18n';
import { Chart } from './chart';
import { Change } from './values';

type Pareto = z.infer<typeof ParetoSchema>;

export function ParetoView({ pareto, idPrefix }: { pareto: Pareto; idPrefix: string }) {
  const { t, fmt, lang } = useI18n();
  const { journeyName } = useApp();
  const rows = pareto.rows;
  const name = (row: Pareto['rows'][number]) => row.names[lang] || journeyName(row.id);
  const spec = useMemo(
    () => ({
      kind: 'pareto' as const,
      labels: rows.map(name),
      vital: rows.map((r) => (r.vitalFew ? r.negative : null)),
      other: rows.map((r) => (r.vitalFew ? null : r.negative)),
      cumulative: rows.map((r) => r.cumulativeShare),
      names: { vital: t('pareto.legend.vital'), other: t('pareto.legend.other'), cumulative: t('pareto.legend.cumulative'), percent: fmt.share },
    }),
    [rows, lang, fmt],
  );
  if (pareto.totalNegative === 0 || rows.length === 0) return <p>{t('pareto.empty')}</p>;
  const caption = t('pareto.caption', { n: pareto.vitalFewCount, total: rows.length, share: fmt.share(pareto.vitalFewCount / rows.length), carried: fmt.share(pareto.vitalFewShare) });
  return (
    <div class="pareto">
      <p>{caption}</p>
      <Chart spec={spec} label={`${t('pareto.chart')} ${caption}`} height={260} />
      <ul class="legend" aria-hidden="true">
        <li>
          <span class="swatch vital" /> {t('pareto.legend.vital')}
        </li>
        <li>
          <span class="swatch other" /> {t('pareto.legend.other')}
        </li>
        <li>
          <span class="swatch line" /> {t('pareto.legend.cumulative')}
        </li>
      </ul>
      <div class="table-scroll" tabIndex={0} role="group" aria-labelledby={`${idPrefix}-pareto-caption`}>
        <table class="data">
          <caption id={`${idPrefix}-pareto-caption`} class="visually-hidden">
            {caption}
          </caption>
          <thead>
            <tr>
              <th scope="col">{t('pareto.col.journey')}</th>
              <th scope="col" class="num">{t('pareto.col.negative')}</th>
              <th scope="col" class="num">{t('pareto.col.share')}</th>
              <th scope="col" class="num">{t('pareto.col.cumulative')}</th>
              <th scope="col" class="num">{t('pareto.col.change')}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.id} class={r.vitalFew ? 'vital' : undefined}>
                <th scope="row">
                  {name(r)}
                  {r.vitalFew && <span class="badge vital-badge">{t('pareto.vitalFew')}</span>}
                </th>
                <td class="num">{fmt.number(r.negative, 0)}</td>
                <td class="num">{fmt.share(r.share)}</td>
                <td class="num">{fmt.share(r.cumulativeShare)}</td>
                <td class="num">
                  <Change value={r.negativeChange} better="down" digits={0} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
