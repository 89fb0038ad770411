/**
 * What a department's customers talk about over the page's range: the top topics with their
 * count, negative share and change against the range before, an "emerging" badge whose reason is
 * written out (for everyone, screen readers included), and redacted examples behind a disclosure.
 */
import { TopicsResponseSchema, type TopicGranularity, type TopicView } from '../../../shared/domain/topics/contract';
import { useApp } from '../app-context';
import { useI18n } from '../i18n/i18n';
import { useResource } from '../use-resource';
import { topicsRange } from '../view';
import { Failure, Loading } from './status';

/** Topics shown: enough to see the themes, few enough to read. */
const TOPICS_SHOWN = 10;
export function Topics({ departmentId, from, to, granularity }: { departmentId: string; from: string; to: string; granularity: 'day' | 'week' | 'month' }) {
  const { t } = useI18n();
  const { api } = useApp();
  const range = topicsRange(from, to, granularity);
  const [resource, reload] = useResource(
    () => api.get('topics', { department: departmentId, ...range, limit: TOPICS_SHOWN }, TopicsResponseSchema),
    [departmentId, range.from, range.to, range.granularity],
  );
  const data = resource.data;
  return (
    <div class="topics" aria-busy={resource.state === 'loading'}>
      <p class="muted">{t('topics.intro')}</p>
      {resource.state === 'failed' && <Failure error={resource.error} retry={reload} />}
      {resource.state === 'loading' && !data && <Loading />}
      {data && data.topics.length === 0 && <p>{t('topics.none')}</p>}
      {data && data.topics.length > 0 && (
        <>
          <ol class="topic-list" aria-label={t('topics.list')}>
            {data.topics.map((topic) => (
              <TopicItem key={topic.topic} topic={topic} granularity={data.granularity} />
            ))}
          </ol>
          {data.maxError > 0 && <p class="muted small">{t('topics.approximate', { n: data.maxError })}</p>}
        </>
      )}
    </div>
  );
}

function TopicItem({ topic, granularity }: { topic: TopicView; granularity: TopicGranularity }) {
  const { t, fmt } = useI18n();
  const [phrase, ...others] = topic.phrases.length > 0 ? topic.phrases : [topic.topic];
  const emerging = topic.emerging;
  const change = topic.change;
  return (
    <li class={emerging ? 'topic emerging' : 'topic'}>
      <div class="topic-head">
        <span class="topic-phrase">{phrase}</span>
        {emerging && <span class="badge emerging-badge">{t('topics.emerging')}</span>}
      </div>
      <p class="meta">
        <span>{t('topics.count', { n: fmt.number(topic.count, 0) })}</span>
        <span>{t('topics.negative', { share: fmt.share(topic.negativeShare) })}</span>
        <span>{change === null ? t('topics.changeNew') : t('topics.change', { change: fmt.signedPercent(change) })}</span>
      </p>
      {emerging && (
        <p class="emerging-why">
          {t(emerging.reason === 'new' ? 'topics.emerging.new' : 'topics.emerging.rise', {
            support: fmt.number(emerging.support, 0),
            window: fmt.window(emerging.window, granularity, t('window.weekOf')),
            test: emerging.test,
            statistic: fmt.number(emerging.statistic, 1),
            threshold: fmt.number(emerging.threshold, 1),
          })}
        </p>
      )}
      {others.length > 0 && <p class="muted small">{t('topics.also', { phrases: others.join(', ') })}</p>}
      {topic.examples.length === 0 ? (
        <p class="muted small">{t('topics.noExamples')}</p>
      ) : (
        <details class="examples">
          <summary>{t('topics.examples', { n: topic.examples.length })}</summary>
          <ul class="quotes">
            {topic.examples.map((example) => (
              <li key={example.id}>
                <blockquote>{example.text}</blockquote>
                <p class="meta">
                  <time dateTime={example.occurredAt}>{fmt.dateTime(example.occurredAt)}</time>
                </p>
              </li>
            ))}
          </ul>
        </details>
      )}
    </li>
  );
}
