/** Every journey the viewer may see, as one Pareto: the few that carry most of the negative items. */
import { JourneysResponseSchema } from '../../../shared/domain/dashboard/contract';
import { useApp } from '../app-context';
import { PeriodControls } from '../components/controls';
import { ParetoView } from '../components/pareto';
import { Failure, Loading } from '../components/status';
import { useI18n } from '../i18n/i18n';
import { useResource } from '../use-resource';
import { PageTitle, PeriodLine } from './page-parts';

export function JourneysPage() {
  const { t } = useI18n();
  const { api, view } = useApp();
  const [resource, reload] = useResource(() => api.get('journeys', { period: view.period, zone: view.zone }, JourneysResponseSchema), [view.period, view.zone]);
  return (
    <>
      <PageTitle title={t('journeys.title')} />
      <p>{t('journeys.intro')}</p>
      <PeriodControls />
      {resource.state === 'failed' && <Failure error={resource.error} retry={reload} />}
      {resource.state === 'loading' && !resource.data && <Loading />}
      {resource.data && (
        <section class="panel" aria-labelledby="journeys-pareto">
          <PeriodLine period={resource.data.period} />
          <h2 id="journeys-pareto" class="visually-hidden">
            {t('journeys.title')}
          </h2>
          <ParetoView pareto={resource.data.pareto} idPrefix="journeys" />
        </section>
      )}
    </>
  );
}
