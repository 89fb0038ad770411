/** Incidents: open, recovered and resolved (or all), each with its rules, figures, verbatims, history and actions; one incident alone at its own address (emails link there). */
import { useState } from 'preact/hooks';
import { DASHBOARD_PAGES, IncidentsResponseSchema, type IncidentPayload } from '../../../shared/domain/dashboard/contract';
import { useApp } from '../app-context';
import { Select } from '../components/controls';
import { IncidentCard } from '../components/incident-card';
import { Failure, Loading } from '../components/status';
import { useI18n } from '../i18n/i18n';
import { Link } from '../router';
import { useResource } from '../use-resource';
import { PageTitle } from './page-parts';

const STATUSES = ['open', 'recovered', 'resolved'] as const;
type StatusFilter = (typeof STATUSES)[number] | '';

function useIncidents(status: StatusFilter) {
  const { api } = useApp();
  const [resource, reload, replace] = useResource(() => api.get('incidents', { status: status || undefined }, IncidentsResponseSchema), [status]);
  const update = (next: IncidentPayload) => resource.data && replace({ incidents: resource.data.incidents.map((i) => (i.id === next.id ? next : i)) });
  return { resource, reload, update };
}

export function IncidentsPage() {
  const { t } = useI18n();
  const [status, setStatus] = useState<StatusFilter>('open');
  const { resource, reload, update } = useIncidents(status);
  return (
    <>
      <PageTitle title={t('incidents.title')} />
      <form class="controls" aria-label={t('incidents.status')} onSubmit={(e) => e.preventDefault()}>
        <Select<StatusFilter> id="status" label={t('incidents.status')} value={status} options={[...STATUSES.map((s) => ({ value: s, label: t(`status.${s}`) })), { value: '', label: t('incidents.all') }]} onChange={setStatus} />
      </form>
      {resource.state === 'failed' && <Failure error={resource.error} retry={reload} />}
      {resource.state === 'loading' && !resource.data && <Loading />}
      {resource.data && (resource.data.incidents.length === 0 ? <p class="panel">{t('incidents.none')}</p> : resource.data.incidents.map((i) => <IncidentCard key={i.id} incident={i} onChange={update} headingLevel={2} />))}
    </>
  );
}

export function IncidentPage({ id }: { id: string }) {
  const { t } = useI18n();
  const { resource, reload, update } = useIncidents('');
  const incident = resource.data?.incidents.find((i) => i.id === id);
  return (
    <>
      <PageTitle title={t('incidents.title')} />
      <p>
        <Link href={DASHBOARD_PAGES.incidents()}>{t('incidents.back')}</Link>
      </p>
      {resource.state === 'failed' && <Failure error={resource.error} retry={reload} />}
      {resource.state === 'loading' && !resource.data && <Loading />}
      {resource.data && (incident ? <IncidentCard incident={incident} onChange={update} headingLevel={2} /> : <p class="panel" role="alert">{t('incidents.notFound')}</p>)}
    </>
  );
}
