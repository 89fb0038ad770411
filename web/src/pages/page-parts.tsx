/** Pieces every page has: its h1 (focused after navigation so a screen reader announces the new page; the tab's title follows) and the period it shows. */
import { useEffect, useRef } from 'preact/hooks';
import type * as z from 'zod';
import type { PeriodSchema } from '../../../shared/domain/dashboard/contract';
import { useI18n } from '../i18n/i18n';
import type { MessageKey } from '../i18n/messages-en';

export function PageTitle({ title }: { title: string }) {
  const { t } = useI18n();
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    document.title = `${title} · ${t('app.name')}`;
  }, [title]);
  useEffect(() => {
    // Only after a navigation inside the page: on the first load the browser's own focus order stands.
    if (document.body.dataset.navigated === 'true') heading.current?.focus({ preventScroll: false });
  }, []);
  return (
    <h1 ref={heading} tabIndex={-1} id="page-title">
      {title}
    </h1>
  );
}

export function PeriodLine({ period }: { period: z.infer<typeof PeriodSchema> }) {
  const { t, fmt } = useI18n();
  return (
    <p class="period-line">
      {t('overview.period', { period: t(`period.${period.kind}` as MessageKey), range: t('period.range', { start: fmt.date(period.start), end: fmt.date(period.end) }) })} ({period.zone})
    </p>
  );
}
