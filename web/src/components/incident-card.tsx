/** One incident as its email had it: scope, severity, the rules and their figures, the verbatims, what happened since, and the actions. */
import { DASHBOARD_PAGES, type IncidentPayload } from '../../../shared/domain/dashboard/contract';
import { useApp } from '../app-context';
import { useI18n, type Translate } from '../i18n/i18n';
import { EN, type MessageKey } from '../i18n/messages-en';
import type { Format } from '../i18n/format';
import { Link } from '../router';
import { IncidentActions } from './incident-actions';

const known = (key: string): key is MessageKey => key in EN;
/** A dictionary word for an id the API may extend (a custom rule id, a new history event): the id itself when the page has no word for it. */
export const wordFor = (t: Translate, prefix: string, id: string) => (known(`${prefix}.${id}`) ? t(`${prefix}.${id}` as MessageKey) : id);

export function useScopeLabel() {
  const { t } = useI18n();
  const { departmentName, journeyName } = useApp();
  return (scope: IncidentPayload['scope']) =>
    'department' in scope
      ? t('incident.scope.department', { name: departmentName(scope.department) })
      : 'pair' in scope
        ? t('incident.scope.pair', { a: departmentName(scope.pair[0]), b: departmentName(scope.pair[1]) })
        : t('incident.scope.journey', { name: journeyName(scope.journey) });
}

/** A rule id is its kind, and for a rule watching something else than the incident's scope, `@pair:a+b` or `@journey:id`. */
const kindOf = (rule: string) => rule.split('@')[0] ?? rule;

/** Negative share is a 0–1 share, CSAT a percentage; the other rules' figures are points, scores or counts. */
function ruleValue(fmt: Format, rule: string, value: number | null): string {
  if (value === null) return fmt.number(null);
  const kind = kindOf(rule);
  if (kind === 'negative-share') return fmt.share(value);
  if (kind === 'csat-below') return fmt.share(value / 100);
  return fmt.number(value);
}

function useRuleLabel() {
  const { t } = useI18n();
  const { departmentName, journeyName } = useApp();
  return (rule: string) => {
    const [kind = rule, watched] = rule.split('@');
    const label = wordFor(t, 'rule', kind);
    if (watched?.startsWith('pair:')) {
      const [a = '', b = ''] = watched.slice('pair:'.length).split('+');
      return `${label} (${t('rule.of.pair', { a: departmentName(a), b: departmentName(b) })})`;
    }
    if (watched?.startsWith('journey:')) return `${label} (${t('rule.of.journey', { name: journeyName(watched.slice('journey:'.length)) })})`;
    return label;
  };
}

const SEVERITIES = ['minor', 'major', 'critical'] as const;
/** A history line's detail: the severity an incident opened with reads in the page's language. */
const historyDetail = (t: Translate, event: string, detail: string) => (event === 'opened' && (SEVERITIES as readonly string[]).includes(detail) ? t(`severity.${detail as (typeof SEVERITIES)[number]}`) : detail);

export function IncidentSummary({ incident }: { incident: IncidentPayload }) {
  const { t, fmt } = useI18n();
  const scopeLabel = useScopeLabel();
  return (
    <li class={`incident-summary severity-${incident.severity}`}>
      <Link href={DASHBOARD_PAGES.incident(incident.id)}>{t('incident.title', { scope: scopeLabel(incident.scope), severity: t(`severity.${incident.severity}`) })}</Link>
      <span class="muted"> · {t('incident.opened', { at: fmt.dateTime(incident.openedAt) })}</span>
    </li>
  );
}

export function IncidentCard({ incident, onChange, headingLevel = 3 }: { incident: IncidentPayload; onChange(next: IncidentPayload): void; headingLevel?: 2 | 3 }) {
  const { t, fmt, lang } = useI18n();
  const scopeLabel = useScopeLabel();
  const ruleLabel = useRuleLabel();
  const Heading = headingLevel === 2 ? 'h2' : 'h3';
  const Sub = headingLevel === 2 ? 'h3' : 'h4';
  const headingId = `incident-${incident.id}-title`;
  return (
    <article class={`panel incident severity-${incident.severity}`} aria-labelledby={headingId}>
      <header class="incident-head">
        <Heading id={headingId}>
          <Link href={DASHBOARD_PAGES.incident(incident.id)}>{t('incident.title', { scope: scopeLabel(incident.scope), severity: t(`severity.${incident.severity}`) })}</Link>
        </Heading>
        <p class="badges">
          <span class={`badge severity-${incident.severity}`}>{t(`severity.${incident.severity}`)}</span> <span class={`badge status-${incident.status}`}>{t(`status.${incident.status}`)}</span>
        </p>
        <p class="muted">
          {t('incident.opened', { at: fmt.dateTime(incident.openedAt) })}, {t('incident.updated', { at: fmt.dateTime(incident.updatedAt) })}
          {incident.recoveredAt && <>, {t('incident.recovered', { at: fmt.dateTime(incident.recoveredAt) })}</>}
        </p>
        {incident.acknowledged && <p>{t('incident.acknowledged', { by: incident.acknowledged.by, at: fmt.dateTime(incident.acknowledged.at) })}</p>}
        {incident.assignee && <p>{t('incident.assignee', { who: incident.assignee })}</p>}
        {incident.resolved && <p>{t('incident.resolvedBy', { by: incident.resolved.by, at: fmt.dateTime(incident.resolved.at), note: incident.resolved.note })}</p>}
      </header>
      <Sub>{t('incident.rules')}</Sub>
      {incident.messages && incident.messages.length > 0 && (
        <ul class="rule-messages">
          {incident.messages.map((m) => (
            <li key={m.rule}>{m.message[lang]}</li>
          ))}
        </ul>
      )}
      <div class="table-scroll" tabIndex={0} role="group" aria-label={t('incident.rules')}>
        <table class="data">
          <thead>
            <tr>
              <th scope="col">{t('incident.col.rule')}</th>
              <th scope="col" class="num">{t('incident.col.value')}</th>
              <th scope="col" class="num">{t('incident.col.threshold')}</th>
              <th scope="col" class="num">{t('incident.col.baseline')}</th>
              <th scope="col" class="num">{t('incident.col.volume')}</th>
            </tr>
          </thead>
          <tbody>
            {incident.rules.map((r) => (
              <tr key={r.rule}>
                <th scope="row">{ruleLabel(r.rule)}</th>
                <td class="num">{ruleValue(fmt, r.rule, r.value)}</td>
                <td class="num">{ruleValue(fmt, r.rule, r.threshold)}</td>
                <td class="num">{ruleValue(fmt, r.rule, r.baseline)}</td>
                <td class="num">{fmt.number(r.volume, 0)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {incident.verbatims.length > 0 && (
        <>
          <Sub>{t('incident.verbatims')}</Sub>
          <ul class="quotes">
            {incident.verbatims.map((v) => (
              <li key={v.id}>
                <blockquote>{v.text}</blockquote>
                <span class="muted">{fmt.dateTime(v.occurredAt)}</span>
              </li>
            ))}
          </ul>
        </>
      )}
      {incident.history && incident.history.length > 0 && (
        <>
          <Sub>{t('incident.history')}</Sub>
          <ol class="history">
            {incident.history.map((h, i) => (
              <li key={i}>
                <time dateTime={h.at}>{fmt.dateTime(h.at)}</time> {wordFor(t, 'history', h.event)}
                {h.by && <> · {h.by}</>}
                {h.detail && <> · {historyDetail(t, h.event, h.detail)}</>}
              </li>
            ))}
          </ol>
        </>
      )}
      <IncidentActions incident={incident} onChange={onChange} />
    </article>
  );
}
