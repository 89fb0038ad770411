/** What customers said (redacted by the pipeline), newest first, with sentiment, channel and why each item landed here; filterable. */
import { useState } from 'preact/hooks';
import { SENTIMENTS, VerbatimsResponseSchema, type VerbatimsResponse } from '../../../shared/domain/dashboard/contract';
import { useApp } from '../app-context';
import { useI18n } from '../i18n/i18n';
import type { MessageKey } from '../i18n/messages-en';
import { useResource } from '../use-resource';
import { Select } from './controls';
import { Failure, Loading } from './status';

type Item = VerbatimsResponse['items'][number];

interface VerbatimsProps {
  /** `{ department }` or `{ pair: 'a+b' }`. */
  scope: { department: string } | { pair: string };
  from: string;
  to: string;
  /** The journeys to filter by (a department's); none → no journey filter. */
  journeys?: { id: string; name: string }[];
  idPrefix: string;
}

const ALL = '';
/** Enough to read what customers say about the range without a page of hundreds. */
const VERBATIMS_PER_PAGE = 25;

export function Verbatims({ scope, from, to, journeys = [], idPrefix }: VerbatimsProps) {
  const { t } = useI18n();
  const { api } = useApp();
  const [sentiment, setSentiment] = useState(ALL);
  const [journey, setJourney] = useState(ALL);
  const [channel, setChannel] = useState(ALL);
  const [channels, setChannels] = useState<string[]>([]);
  const scopeKey = 'department' in scope ? `d:${scope.department}` : `p:${scope.pair}`;
  const [resource, reload] = useResource(async () => {
    const answer = await api.get('verbatims', { ...scope, from, to, sentiment, journey, channel, limit: VERBATIMS_PER_PAGE }, VerbatimsResponseSchema);
    setChannels((seen) => [...new Set([...seen, ...answer.items.map((i) => i.channel)])].sort());
    return answer;
  }, [scopeKey, from, to, sentiment, journey, channel]);

  return (
    <div class="verbatims">
      <form class="controls" aria-label={t('verbatims.filters')} onSubmit={(e) => e.preventDefault()}>
        <Select
          id={`${idPrefix}-sentiment`}
          label={t('verbatims.sentiment')}
          value={sentiment}
          options={[{ value: ALL, label: t('verbatims.all') }, ...SENTIMENTS.map((s) => ({ value: s, label: t(`sentiment.${s}`) }))]}
          onChange={(v: string) => setSentiment(v)}
        />
        {journeys.length > 0 && (
          <Select id={`${idPrefix}-journey`} label={t('verbatims.journey')} value={journey} options={[{ value: ALL, label: t('verbatims.all') }, ...journeys.map((j) => ({ value: j.id, label: j.name }))]} onChange={(v: string) => setJourney(v)} />
        )}
        <Select
          id={`${idPrefix}-channel`}
          label={t('verbatims.channel')}
          value={channel}
          options={[{ value: ALL, label: t('verbatims.all') }, ...[...new Set([...channels, ...(channel ? [channel] : [])])].map((c) => ({ value: c, label: c }))]}
          onChange={(v: string) => setChannel(v)}
        />
      </form>
      {resource.state === 'failed' && <Failure error={resource.error} retry={reload} />}
      {resource.state === 'loading' && !resource.data && <Loading />}
      {resource.data && <VerbatimList items={resource.data.items} busy={resource.state === 'loading'} />}
    </div>
  );
}

function VerbatimList({ items, busy }: { items: Item[]; busy: boolean }) {
  const { t } = useI18n();
  if (items.length === 0) return <p aria-busy={busy}>{t('verbatims.none')}</p>;
  return (
    <>
      <p class="muted" role="status">
        {t('verbatims.count', { n: items.length })}
      </p>
      <ul class="quotes" aria-busy={busy}>
        {items.map((item) => (
          <VerbatimItem key={item.id} item={item} />
        ))}
      </ul>
    </>
  );
}

function VerbatimItem({ item }: { item: Item }) {
  const { t, fmt } = useI18n();
  const { departmentName, journeyName } = useApp();
  const sentimentKey = `sentiment.${item.sentiment}` as MessageKey;
  const ratings = item.ratings ? Object.entries(item.ratings).filter(([, v]) => v !== undefined) : [];
  const reasons = [
    ...item.departments.map((d) => ({ key: `d-${d.id}`, name: departmentName(d.id), reason: d.reason })),
    ...item.journeys.map((j) => ({ key: `j-${j.id}`, name: journeyName(j.id), reason: j.reason })),
  ];
  return (
    <li>
      <blockquote lang={item.lang}>{item.text}</blockquote>
      <p class="meta">
        <span class={`badge sentiment-${item.sentiment}`}>{SENTIMENTS.includes(item.sentiment as (typeof SENTIMENTS)[number]) ? t(sentimentKey) : item.sentiment}</span>
        <span>{item.channel}</span>
        <time dateTime={item.occurredAt}>{fmt.dateTime(item.occurredAt)}</time>
        {ratings.map(([name, value]) => (
          <span key={name}>
            {name.toUpperCase()} {fmt.number(value ?? null, 1)}
          </span>
        ))}
      </p>
      {reasons.length > 0 && (
        <details class="why">
          <summary>{t('verbatims.why')}</summary>
          <ul>
            {reasons.map((r) => (
              <li key={r.key}>
                <strong>{r.name}</strong>: {r.reason ?? t('verbatims.reasonUnknown')}
              </li>
            ))}
          </ul>
        </details>
      )}
    </li>
  );
}
