/** The overview: open incidents on top, the departments ranked by progress over the chosen period, or how to send the first feedback. */
import { DASHBOARD_PAGES, OverviewResponseSchema, type DepartmentRow, type OverviewResponse } from '../../../shared/domain/dashboard/contract';
import { useApp } from '../app-context';
import { PeriodControls } from '../components/controls';
import { IncidentSummary } from '../components/incident-card';
import { OffTrackPanel } from '../components/objectives';
import { Failure, Loading, RichText } from '../components/status';
import { Change, Figure, Sparkline } from '../components/values';
import { useI18n } from '../i18n/i18n';
import { Link } from '../router';
import { useResource } from '../use-resource';
import type { View } from '../view';
import { PageTitle, PeriodLine } from './page-parts';

/** The overview's query for a view: the app's early request and the page's must be the same to be one. */
export const overviewQuery = (view: Pick<View, 'period' | 'zone'>) => ({ period: view.period, zone: view.zone });

export function OverviewPage() {
  const { t } = useI18n();
  const { api, view } = useApp();
  const [resource, reload] = useResource(() => api.get('overview', overviewQuery(view), OverviewResponseSchema), [view.period, view.zone]);
  return (
    <>
      <PageTitle title={t('overview.title')} />
      <PeriodControls />
      {resource.state === 'failed' && <Failure error={resource.error} retry={reload} />}
      {resource.state === 'loading' && !resource.data && <Loading />}
      {resource.data && <Overview data={resource.data} />}
    </>
  );
}

function Overview({ data }: { data: OverviewResponse }) {
  const { t, fmt } = useI18n();
  if (data.empty) return <EmptyState />;
  return (
    <>
      <PeriodLine period={data.period} />
      <p>{t('overview.totals', { count: fmt.number(data.totals.count, 0), index: fmt.number(data.totals.sentimentIndex), share: fmt.share(data.totals.negativeShare) })}</p>
      <section class="panel" aria-labelledby="open-incidents">
        <h2 id="open-incidents">{t('overview.incidents')}</h2>
        {data.incidents.length === 0 ? (
          <p>{t('overview.noIncidents')}</p>
        ) : (
          <ul class="incident-list">
            {data.incidents.map((i) => (
              <IncidentSummary key={i.id} incident={i} />
            ))}
          </ul>
        )}
      </section>
      <OffTrackPanel departments={data.offTrack} />
      <section class="panel" aria-labelledby="league">
        <h2 id="league">{t('overview.league')}</h2>
        <LeagueTable rows={data.departments} />
      </section>
    </>
  );
}

function LeagueTable({ rows }: { rows: DepartmentRow[] }) {
  const { t, fmt, lang } = useI18n();
  const { session } = useApp();
  const col = {
    rank: t('overview.col.rank'),
    level: t('overview.col.level'),
    change: t('overview.col.change'),
    nps: t('overview.col.nps'),
    csat: t('overview.col.csat'),
    ces: t('overview.col.ces'),
    negative: t('overview.col.negative'),
    volume: t('overview.col.volume'),
    trend: t('overview.col.trend'),
    incidents: t('overview.col.incidents'),
  };
  return (
    <table class="data league">
      <caption class="visually-hidden">{t('overview.league.caption')}</caption>
      <thead>
        <tr>
          <th scope="col" class="num">{col.rank}</th>
          <th scope="col">{t('overview.col.department')}</th>
          <th scope="col" class="num">{col.level}</th>
          <th scope="col" class="num">{col.change}</th>
          <th scope="col" class="num">{col.nps}</th>
          <th scope="col" class="num">{col.csat}</th>
          <th scope="col" class="num">{col.ces}</th>
          <th scope="col" class="num">{col.negative}</th>
          <th scope="col" class="num">{col.volume}</th>
          <th scope="col">{col.trend}</th>
          <th scope="col" class="num">{col.incidents}</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => {
          const trend = t('overview.trend', { n: row.trend.length, values: row.trend.map((v) => fmt.number(v)).join(', ') });
          return (
            <tr key={row.id} class={row.rank === null ? 'not-ranked' : undefined}>
              <td class="num" data-label={col.rank}>
                {row.rank ?? <span class="muted">–</span>}
              </td>
              <th scope="row" class="name">
                <Link href={DASHBOARD_PAGES.department(row.id)}>{row.names[lang]}</Link>
                {row.rank === null && <span class="note">{t('overview.notRanked', { min: session.minVolume })}</span>}
              </th>
              <td class="num" data-label={col.level}>
                <Figure text={fmt.number(row.current.sentimentIndex)} />
              </td>
              <td class="num" data-label={col.change}>
                <Change value={row.progress ?? row.change.sentimentIndex} better="up" />
              </td>
              <td class="num" data-label={col.nps}>
                <Figure text={fmt.number(row.current.nps, 0)} />
              </td>
              <td class="num" data-label={col.csat}>
                <Figure text={fmt.share(row.current.csat === null ? null : row.current.csat / 100)} />
              </td>
              <td class="num" data-label={col.ces}>
                <Figure text={fmt.number(row.current.ces)} />
              </td>
              <td class="num" data-label={col.negative}>
                <Figure text={fmt.share(row.current.negativeShare)} />
              </td>
              <td class="num" data-label={col.volume}>
                {fmt.number(row.current.count, 0)}
              </td>
              <td data-label={col.trend}>
                <Sparkline values={row.trend} label={trend} />
              </td>
              <td class="num" data-label={col.incidents}>
                {row.openIncidents > 0 ? <strong class="alert-count">{fmt.number(row.openIncidents, 0)}</strong> : fmt.number(0, 0)}
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

function EmptyState() {
  const { t } = useI18n();
  const { auth } = useApp();
  const origin = location.origin;
  // Locally the ingest key is in the stack's own stack.json; on AWS the administrator hands it out.
  const key = auth.kind === 'local' ? `KEY=$(node -p "require('./.local/stack.json').keys.ingest")\n` : '';
  const example =
    key +
    `curl -s -XPOST ${origin}/v1/feedback -H "x-api-key: $KEY" -H 'content-type: application/json' \\\n` +
    `  -d '{"items":[{"text":"Facture fausse, prélevé deux fois !","ratings":{"nps":2}},\n` +
    `                {"text":"Parcel arrived early, lovely courier","ratings":{"nps":10}}]}'`;
  return (
    <section class="panel empty" aria-labelledby="empty-title">
      <h2 id="empty-title">{t('overview.empty.title')}</h2>
      <p>
        <RichText text={t('overview.empty.intro')} />
      </p>
      <h3>{t('overview.empty.example')}</h3>
      <pre tabIndex={0}>
        <code>{example}</code>
      </pre>
      <p>
        <RichText text={t('overview.empty.more')} />
      </p>
    </section>
  );
}
