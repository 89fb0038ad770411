/** Interface pairs: the negative items a department shares with each other one, their change and trend. */
import { DASHBOARD_PAGES, type DepartmentResponse } from '../../../shared/domain/dashboard/contract';
import { useApp } from '../app-context';
import { useI18n } from '../i18n/i18n';
import { Link } from '../router';
import { Change, Figure, Sparkline } from './values';

type Pair = DepartmentResponse['pairs'][number];

/** The small trend of a pair's shared negative items, with its figures for screen readers. */
export function PairTrend({ trend, width, height }: { trend: number[]; width?: number; height?: number }) {
  const { t, fmt } = useI18n();
  return <Sparkline values={trend} width={width} height={height} label={t('interfaces.trend', { n: trend.length, values: trend.map((v) => fmt.number(v, 0)).join(', ') })} />;
}

/** A department's pairs, each named by the other department (a link to its page). */
export function PairTable({ departmentId, pairs, labelledBy }: { departmentId: string; pairs: Pair[]; labelledBy: string }) {
  const { t, fmt } = useI18n();
  const { departmentName } = useApp();
  if (pairs.length === 0) return <p>{t('department.noPairs')}</p>;
  return (
    <div class="table-scroll" tabIndex={0} role="group" aria-labelledby={labelledBy}>
      <table class="data">
        <thead>
          <tr>
            <th scope="col">{t('department.col.pair')}</th>
            <th scope="col" class="num">{t('department.col.shared')}</th>
            <th scope="col" class="num">{t('department.col.previous')}</th>
            <th scope="col">{t('overview.col.trend')}</th>
          </tr>
        </thead>
        <tbody>
          {pairs.map((pair) => {
            const other = pair.departments[0] === departmentId ? pair.departments[1] : pair.departments[0];
            return (
              <tr key={pair.id}>
                <th scope="row">
                  <Link href={DASHBOARD_PAGES.department(other)}>{departmentName(other)}</Link>
                </th>
                <td class="num">
                  {fmt.number(pair.negative, 0)} <Change value={pair.previousNegative === null ? null : pair.negative - pair.previousNegative} better="down" digits={0} />
                </td>
                <td class="num">
                  <Figure text={fmt.number(pair.previousNegative, 0)} />
                </td>
                <td>
                  <PairTrend trend={pair.trend} />
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
