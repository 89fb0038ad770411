/** Loading, and every way a page can fail, worded for the person reading it. */
import { ApiError } from '../api/client';
import { useApp } from '../app-context';
import { useI18n } from '../i18n/i18n';
import { Link } from '../router';
import { DASHBOARD_PAGES } from '../../../shared/domain/dashboard/contract';

/** A message with `code` spans (commands the reader types): text only, split on backticks. */
export function RichText({ text }: { text: string }) {
  return <>{text.split('`').map((part, i) => (i % 2 === 1 ? <code key={i}>{part}</code> : part))}</>;
}

export function Loading() {
  const { t } = useI18n();
  return (
    <p class="loading" role="status">
      {t('app.loading')}
    </p>
  );
}

export function SessionEnded() {
  const { t } = useI18n();
  const { auth } = useApp();
  return <SessionEndedPanel kind={auth.kind} signInAgain={() => void auth.signInAgain()} t={t} />;
}

/** Also shown before the app context exists (the session request itself answered 401). */
export function SessionEndedPanel(props: { kind: 'local' | 'cognito'; signInAgain(): void; t: ReturnType<typeof useI18n>['t'] }) {
  const { t } = props;
  return (
    <section class="panel notice" role="alert" aria-labelledby="session-ended">
      <h2 id="session-ended">{t('error.sessionEnded.title')}</h2>
      <p>
        <RichText text={t(props.kind === 'local' ? 'error.sessionEnded.local' : 'error.sessionEnded.cognito')} />
      </p>
      {props.kind === 'cognito' && (
        <button type="button" class="button primary" onClick={props.signInAgain}>
          {t('error.signInAgain')}
        </button>
      )}
    </section>
  );
}

export function Forbidden() {
  const { t } = useI18n();
  return (
    <section class="panel notice" role="alert" aria-labelledby="forbidden">
      <h2 id="forbidden">{t('error.forbidden.title')}</h2>
      <p>{t('error.forbidden')}</p>
      <p>
        <Link href={DASHBOARD_PAGES.overview()}>{t('nav.overview')}</Link>
      </p>
    </section>
  );
}

export function NotFound() {
  const { t } = useI18n();
  return (
    <section class="panel notice" aria-labelledby="not-found">
      <h2 id="not-found">{t('error.notFound.title')}</h2>
      <p>
        <Link href={DASHBOARD_PAGES.overview()}>{t('error.notFound')}</Link>
      </p>
    </section>
  );
}

/** A failed load: the session, access and absence get their own panels; anything else says what and offers to retry. */
export function Failure({ error, retry }: { error: unknown; retry?: () => void }) {
  const { t } = useI18n();
  if (error instanceof ApiError && error.kind === 'session-ended') return <SessionEnded />;
  if (error instanceof ApiError && error.kind === 'forbidden') return <Forbidden />;
  if (error instanceof ApiError && error.kind === 'not-found') return <NotFound />;
  const message = error instanceof Error ? error.message : String(error);
  return (
    <section class="panel notice" role="alert">
      <p>{error instanceof ApiError && error.kind === 'unavailable' ? t('error.unavailable', { message }) : t('error.generic', { message })}</p>
      {retry && (
        <button type="button" class="button" onClick={retry}>
          {t('error.retry')}
        </button>
      )}
    </section>
  );
}
