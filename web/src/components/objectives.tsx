/**
 * Objectives on the page: the overview's departments off track (each with the objectives it misses
 * and where its pace leads) and a department's own objectives on its page.
 */
import { DASHBOARD_PAGES, type ObjectivePayload, type OffTrackDepartment } from '../../../shared/domain/dashboard/contract';
import { useI18n, type I18n } from '../i18n/i18n';
import type { MessageKey } from '../i18n/messages-en';
import { Link } from '../router';

const METRIC_KEYS: Record<ObjectivePayload['metric'], MessageKey> = {
  nps: 'objective.metric.nps',
  csat: 'objective.metric.csat',
  ces: 'objective.metric.ces',
  sentimentIndex: 'objective.metric.sentimentIndex',
  negativeShare: 'objective.metric.negativeShare',
};

const STATUS_KEYS: Record<ObjectivePayload['status'], MessageKey> = {
  reached: 'objective.status.reached',
  'on-track': 'objective.status.on-track',
  'off-track': 'objective.status.off-track',
  'moving-away': 'objective.status.moving-away',
  flat: 'objective.status.flat',
  missed: 'objective.status.missed',
  'not-enough-data': 'objective.status.not-enough-data',
};

/** Lower is better for effort and the negative share. */
const LOWER_IS_BETTER: ReadonlySet<ObjectivePayload['metric']> = new Set(['ces', 'negativeShare']);

/** A target's day (YYYY-MM-DD, a calendar date): formatted as written, whatever the zone. */
function day(i18n: I18n, ymd: string): string {
  return new Intl.DateTimeFormat(i18n.fmt.locale, { timeZone: 'UTC', day: 'numeric', month: 'short', year: 'numeric' }).format(new Date(`${ymd}T00:00:00Z`));
}

function value(i18n: I18n, o: ObjectivePayload, v: number): string {
  if (o.metric === 'negativeShare') return i18n.fmt.share(v);
  if (o.metric === 'csat') return i18n.fmt.share(v / 100);
  return i18n.fmt.number(v, o.metric === 'ces' ? 2 : 1);
}

function gap(i18n: I18n, o: ObjectivePayload): string {
  const points = o.metric === 'negativeShare' || o.metric === 'csat';
  const n = o.metric === 'negativeShare' ? o.gap! * 100 : o.gap!;
  return `${i18n.fmt.number(n, o.metric === 'ces' ? 2 : 1)}${points ? ' pts' : ''}`;
}

export function objectiveText(i18n: I18n, o: ObjectivePayload): string {
  const { t } = i18n;
  const target = t('objective.target', { metric: t(METRIC_KEYS[o.metric]), op: LOWER_IS_BETTER.has(o.metric) ? '≤' : '≥', value: value(i18n, o, o.target), date: day(i18n, o.by) });
  const now = o.current === null ? t('objective.noValue') : t('objective.now', { value: value(i18n, o, o.current) });
  const remaining = o.gap !== null && o.gap > 0 ? `, ${t('objective.gap', { gap: gap(i18n, o) })}` : '';
  const status = t(STATUS_KEYS[o.status], o.reachedAround ? { date: day(i18n, o.reachedAround) } : {});
  return `${target} — ${now}${remaining} — ${status}`;
}

export function OffTrackPanel({ departments }: { departments: OffTrackDepartment[] }) {
  const i18n = useI18n();
  if (departments.length === 0) return null;
  return (
    <section class="panel" aria-labelledby="off-track">
      <h2 id="off-track">{i18n.t('overview.offTrack')}</h2>
      <ul class="off-track-list">
        {departments.map((d) => (
          <li key={d.id}>
            <Link href={DASHBOARD_PAGES.department(d.id)}>{d.names[i18n.lang]}</Link>
            <ul>
              {d.objectives.map((o) => (
                <li key={`${o.metric}@${o.by}`}>{objectiveText(i18n, o)}</li>
              ))}
            </ul>
          </li>
        ))}
      </ul>
    </section>
  );
}

/** A department's objectives on its page (nothing when it has none): each with its gap and where its pace leads. */
export function ObjectivesPanel({ objectives }: { objectives: ObjectivePayload[] }) {
  const i18n = useI18n();
  if (objectives.length === 0) return null;
  return (
    <section class="panel" aria-labelledby="objectives">
      <h2 id="objectives">{i18n.t('department.objectives')}</h2>
      <ul class="objective-list">
        {objectives.map((o) => (
          <li key={`${o.metric}@${o.by}`} class={o.offTrack ? 'off-track' : undefined}>
            {o.offTrack && <strong>{i18n.t('objective.offTrack')} </strong>}
            {objectiveText(i18n, o)}
          </li>
        ))}
      </ul>
    </section>
  );
}
