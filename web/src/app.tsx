/** The page once signed in: the session (who, which departments), the chosen language and view, and the page the address names. */
import type { ComponentChildren } from 'preact';
import { useCallback, useEffect, useMemo, useState } from 'preact/hooks';
import { OverviewResponseSchema, SessionResponseSchema, type PageConfig, type SessionResponse } from '../../shared/domain/dashboard/contract';
import { ApiError, createApi } from './api/client';
import { AppContext, type AppServices } from './app-context';
import type { PageAuth } from './auth/page-auth';
import { LanguageSwitch, Shell } from './components/shell';
import { Failure, Loading, NotFound, RichText, SessionEndedPanel } from './components/status';
import { I18nProvider, useI18n } from './i18n/i18n';
import { LANG_STORAGE_KEY, initialLang, type Lang } from './i18n/lang';
import { DepartmentPage } from './pages/department';
import { IncidentPage, IncidentsPage } from './pages/incidents';
import { InterfacesPage } from './pages/interfaces';
import { JourneysPage } from './pages/journeys';
import { OverviewPage, overviewQuery } from './pages/overview';
import { useRoute, type Route } from './router';
import { useResource } from './use-resource';
import { VIEW_STORAGE_KEY, storedView, type View } from './view';

const preferredLanguages = (): readonly string[] => (navigator.languages?.length ? navigator.languages : [navigator.language]);

export function App({ config, auth }: { config: PageConfig; auth: PageAuth }) {
  const preferred = useMemo(preferredLanguages, []);
  const [lang, setLangState] = useState<Lang>(() => initialLang(localStorage.getItem(LANG_STORAGE_KEY), preferred));
  const [view, setViewState] = useState<View>(() => storedView(localStorage.getItem(VIEW_STORAGE_KEY)));
  const [signedOut, setSignedOut] = useState(false);
  const api = useMemo(() => {
    const created = createApi(config.apiBase, auth);
    // The session and the overview's figures are asked for now, side by side, rather than the
    // overview once the session has come back and rendered: their components take these answers.
    // Once, with the view the page starts with; later changes of view are the page's own requests.
    created.prefetch('session', {}, SessionResponseSchema);
    if (location.pathname === '/') created.prefetch('overview', overviewQuery(view), OverviewResponseSchema);
    return created;
  }, [config, auth]);
  const [session, reloadSession] = useResource(() => api.get('session', {}, SessionResponseSchema), [api]);

  const setLang = useCallback((next: Lang) => {
    localStorage.setItem(LANG_STORAGE_KEY, next);
    setLangState(next);
  }, []);
  const setView = useCallback((patch: Partial<View>) => {
    setViewState((previous) => {
      const next = { ...previous, ...patch };
      localStorage.setItem(VIEW_STORAGE_KEY, JSON.stringify(next));
      return next;
    });
  }, []);
  useEffect(() => {
    document.documentElement.lang = lang;
  }, [lang]);

  const zone = view.zone === 'UTC' ? 'UTC' : (session.data?.timeZone ?? 'UTC');
  const signOut = async () => {
    await auth.signOut().catch(() => undefined);
    setSignedOut(true);
  };

  return (
    <I18nProvider lang={lang} zone={zone} preferred={preferred}>
      {signedOut ? (
        <Bare onLang={setLang}>
          <SignedOut />
        </Bare>
      ) : session.data ? (
        <SignedIn api={api} auth={auth} session={session.data} view={view} setView={setView} setLang={setLang} signOut={signOut} />
      ) : (
        <Bare onLang={setLang}>
          {session.state === 'failed' ? (
            session.error instanceof ApiError && session.error.kind === 'session-ended' ? (
              <SessionEndedWithoutApp auth={auth} />
            ) : (
              <FailureWithoutApp error={session.error} retry={reloadSession} />
            )
          ) : (
            <Loading />
          )}
        </Bare>
      )}
    </I18nProvider>
  );
}

interface SignedInProps {
  api: AppServices['api'];
  auth: PageAuth;
  session: SessionResponse;
  view: View;
  setView(patch: Partial<View>): void;
  setLang(lang: Lang): void;
  signOut(): void;
}

function SignedIn({ api, auth, session, view, setView, setLang, signOut }: SignedInProps) {
  const { lang } = useI18n();
  const route = useRoute();
  const services = useMemo<AppServices>(() => {
    const departments = new Map(session.departments.map((d) => [d.id, d.names[lang]]));
    const journeys = new Map(session.departments.flatMap((d) => d.journeys.map((j) => [j.id, j.names[lang]] as const)));
    return { api, auth, session, view, setView, departmentName: (id) => departments.get(id) ?? id, journeyName: (id) => journeys.get(id) ?? id };
  }, [api, auth, session, view, setView, lang]);
  useEffect(() => {
    // After the first render, a route change is a navigation inside the page: its h1 takes the focus.
    const mark = () => (document.body.dataset.navigated = 'true');
    addEventListener('popstate', mark);
    addEventListener('cv:navigate', mark);
    return () => {
      removeEventListener('popstate', mark);
      removeEventListener('cv:navigate', mark);
    };
  }, []);
  return (
    <AppContext.Provider value={services}>
      <Shell route={route} onLang={setLang} onSignOut={signOut}>
        <Page route={route} />
      </Shell>
    </AppContext.Provider>
  );
}

function Page({ route }: { route: Route }) {
  switch (route.page) {
    case 'overview':
      return <OverviewPage />;
    case 'department':
      return <DepartmentPage key={route.id} id={route.id} />;
    case 'interfaces':
      return <InterfacesPage />;
    case 'journeys':
      return <JourneysPage />;
    case 'incidents':
      return <IncidentsPage />;
    case 'incident':
      return <IncidentPage key={route.id} id={route.id} />;
    default:
      return <NotFound />;
  }
}

/** Before a session exists: the name, the language switch and one message. */
export function Bare({ onLang, children }: { onLang?(lang: Lang): void; children: ComponentChildren }) {
  const { t } = useI18n();
  return (
    <>
      <header class="banner">
        <div class="banner-row">
          <span class="brand">{t('app.name')}</span>
          {onLang && <LanguageSwitch onLang={onLang} />}
        </div>
      </header>
      <main id="main" tabIndex={-1}>
        {children}
      </main>
    </>
  );
}

function SessionEndedWithoutApp({ auth }: { auth: PageAuth }) {
  const { t } = useI18n();
  return <SessionEndedPanel kind={auth.kind} signInAgain={() => void auth.signInAgain()} t={t} />;
}

function FailureWithoutApp({ error, retry }: { error: unknown; retry(): void }) {
  const { t } = useI18n();
  if (error instanceof ApiError && error.kind === 'forbidden') {
    return (
      <section class="panel notice" role="alert">
        <h1>{t('error.forbidden.title')}</h1>
        <p>{error.message}</p>
      </section>
    );
  }
  return <Failure error={error} retry={retry} />;
}

function SignedOut() {
  const { t } = useI18n();
  return (
    <section class="panel notice" aria-labelledby="signed-out">
      <h1 id="signed-out">{t('signedOut.title')}</h1>
      <p>
        <RichText text={t('signedOut.local')} />
      </p>
    </section>
  );
}
