/** A department: its trends over the chosen range, its journeys' Pareto, its interfaces, what customers say, its incidents. */
import { useMemo } from 'preact/hooks';
import { DepartmentResponseSchema, type DepartmentResponse, type IncidentPayload } from '../../../shared/domain/dashboard/contract';
import { useApp } from '../app-context';
import type { ChartSpec } from '../charts/chart-spec';
import { Chart } from '../components/chart';
import { RangeControls } from '../components/controls';
import { IncidentCard } from '../components/incident-card';
import { ObjectivesPanel } from '../components/objectives';
import { PairTable } from '../components/pairs';
import { ParetoView } from '../components/pareto';
import { Failure, Loading } from '../components/status';
import { Topics } from '../components/topics';
import { Figure } from '../components/values';
import { Verbatims } from '../components/verbatims';
import { useI18n } from '../i18n/i18n';
import type { MessageKey } from '../i18n/messages-en';
import { useResource } from '../use-resource';
import { rangeOf } from '../view';
import { PageTitle } from './page-parts';

/** The department's range, fixed for the page's lifetime unless the user changes it (not on every render). */
function useRange() {
  const { view } = useApp();
  return useMemo(() => rangeOf(view, Date.now()), [view.rangeDays]);
}

export function DepartmentPage({ id }: { id: string }) {
  const { api, view, departmentName } = useApp();
  const range = useRange();
  const [resource, reload, replace] = useResource(() => api.get(`departments/${encodeURIComponent(id)}`, { ...range, granularity: view.granularity, zone: view.zone }, DepartmentResponseSchema), [id, range, view.granularity, view.zone]);
  const { lang } = useI18n();
  const title = resource.data?.department.id === id ? resource.data.department.names[lang] : departmentName(id);
  return (
    <>
      <PageTitle title={title} />
      <RangeControls />
      {resource.state === 'failed' && <Failure error={resource.error} retry={reload} />}
      {resource.state === 'loading' && !resource.data && <Loading />}
      {resource.data && resource.data.department.id === id && <Department data={resource.data} onIncident={(next) => replace({ ...resource.data!, incidents: resource.data!.incidents.map((i) => (i.id === next.id ? next : i)) })} />}
    </>
  );
}

const METRICS = [
  { key: 'sentimentIndex', label: 'department.chart.sentimentIndex', range: undefined, bars: false },
  { key: 'nps', label: 'department.chart.nps', range: [-100, 100], bars: false },
  { key: 'csat', label: 'department.chart.csat', range: [0, 100], bars: false },
  { key: 'ces', label: 'department.chart.ces', range: [1, 7], bars: false },
  { key: 'count', label: 'department.chart.count', range: undefined, bars: true },
] as const;

function Department({ data, onIncident }: { data: DepartmentResponse; onIncident(next: IncidentPayload): void }) {
  const { t, fmt } = useI18n();
  const { session, journeyName } = useApp();
  const weekOf = t('window.weekOf');
  const labels = data.series.map((p) => fmt.windowShort(p.window, data.granularity));
  // Charts redraw when their spec changes: build the specs once per answer and language.
  const charts = useMemo(() => METRICS.map((m): { spec: ChartSpec; label: string } => {
    const values = data.series.map((p) => p[m.key]);
    const present = values.filter((v): v is number => v !== null);
    const name = t(m.label as MessageKey);
    const label = `${name}: ${present.length ? `${fmt.number(Math.min(...present))} – ${fmt.number(Math.max(...present))}, ${fmt.number(values.at(-1) ?? null)}` : t('value.none')}`;
    return { spec: { kind: 'trend', labels, values, bars: m.bars, range: m.range ? [m.range[0], m.range[1]] : undefined, name }, label };
  }), [data, fmt, t]);
  const journeys = (session.departments.find((d) => d.id === data.department.id)?.journeys ?? []).map((j) => ({ id: j.id, name: journeyName(j.id) }));
  const { current, change } = data.summary;
  return (
    <>
      <ObjectivesPanel objectives={data.objectives} />
      <section class="panel" aria-labelledby="trends">
        <h2 id="trends">{t('department.trends')}</h2>
        <p>
          {t('department.summary', { count: fmt.number(current.count, 0), index: fmt.number(current.sentimentIndex), change: fmt.signed(change.sentimentIndex) })}
        </p>
        <div class="chart-grid">
          {charts.map((c, i) => (
            <figure key={METRICS[i]!.key} class="chart-card">
              <figcaption>{c.spec.kind === 'trend' ? c.spec.name : ''}</figcaption>
              <Chart spec={c.spec} label={c.label} />
            </figure>
          ))}
        </div>
        <details class="figures">
          <summary>{t('department.figures')}</summary>
          <div class="table-scroll" tabIndex={0} role="group" aria-label={t('department.figures')}>
            <table class="data">
              <thead>
                <tr>
                  <th scope="col">{t('department.col.window')}</th>
                  {METRICS.map((m) => (
                    <th key={m.key} scope="col" class="num">
                      {t(m.label as MessageKey)}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {data.series.map((p) => (
                  <tr key={p.window}>
                    <th scope="row">{fmt.window(p.window, data.granularity, weekOf)}</th>
                    {METRICS.map((m) => (
                      <td key={m.key} class="num">
                        <Figure text={fmt.number(p[m.key], m.key === 'count' ? 0 : 1)} />
                      </td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </details>
      </section>
      <section class="panel" aria-labelledby="topics">
        <h2 id="topics">{t('department.topics')}</h2>
        <Topics departmentId={data.department.id} from={data.from} to={data.to} granularity={data.granularity} />
      </section>
      <section class="panel" aria-labelledby="journeys">
        <h2 id="journeys">{t('department.journeys')}</h2>
        <ParetoView pareto={data.journeys} idPrefix="department" />
      </section>
      <section class="panel" aria-labelledby="pairs">
        <h2 id="pairs">{t('department.pairs')}</h2>
        <PairTable departmentId={data.department.id} pairs={data.pairs} labelledBy="pairs" />
      </section>
      <section class="panel" aria-labelledby="verbatims">
        <h2 id="verbatims">{t('department.verbatims')}</h2>
        <Verbatims scope={{ department: data.department.id }} from={data.from} to={data.to} journeys={journeys} idPrefix="department-verbatims" />
      </section>
      <section aria-labelledby="department-incidents">
        <h2 id="department-incidents">{t('department.incidents')}</h2>
        {data.incidents.length === 0 ? (
          <p class="panel">{t('department.noIncidents')}</p>
        ) : (
          data.incidents.map((incident) => <IncidentCard key={incident.id} incident={incident} onChange={onIncident} />)
        )}
      </section>
    </>
  );
}
