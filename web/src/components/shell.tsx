/** The frame of every page: skip link, banner with the navigation, language switch and who is signed in, then the page in <main>. */
import type { ComponentChildren } from 'preact';
import { DASHBOARD_PAGES } from '../../../shared/domain/dashboard/contract';
import { useApp } from '../app-context';
import { useI18n } from '../i18n/i18n';
import { LANGS, type Lang } from '../i18n/lang';
import { Link, type Route } from '../router';

const NAV = [
  { page: 'overview', href: DASHBOARD_PAGES.overview(), label: 'nav.overview' },
  { page: 'interfaces', href: DASHBOARD_PAGES.interfaces(), label: 'nav.interfaces' },
  { page: 'journeys', href: DASHBOARD_PAGES.journeys(), label: 'nav.journeys' },
  { page: 'incidents', href: DASHBOARD_PAGES.incidents(), label: 'nav.incidents' },
] as const;

export function LanguageSwitch({ onLang }: { onLang(lang: Lang): void }) {
  const { t, lang } = useI18n();
  return (
    <div class="lang-switch" role="group" aria-label={t('app.language')}>
      {LANGS.map((l) => (
        <button key={l} type="button" lang={l} aria-pressed={l === lang} onClick={() => onLang(l)}>
          {l === 'en' ? 'English' : 'Français'}
        </button>
      ))}
    </div>
  );
}

export function Shell({ route, onLang, onSignOut, children }: { route: Route; onLang(lang: Lang): void; onSignOut(): void; children: ComponentChildren }) {
  const { t } = useI18n();
  const { session, departmentName } = useApp();
  const current = (page: string) => route.page === page || (page === 'incidents' && route.page === 'incident');
  const departments = session.departments.filter((d) => d.id !== 'unassigned');
  return (
    <>
      <a class="skip-link" href="#main">
        {t('app.skip')}
      </a>
      <header class="banner">
        <div class="banner-row">
          <Link href={DASHBOARD_PAGES.overview()} class="brand">
            {t('app.name')}
          </Link>
          <LanguageSwitch onLang={onLang} />
          <div class="who">
            <span class="muted">{t('app.signedInAs', { email: session.viewer.email, role: t(`role.${session.viewer.role}`) })}</span>
            <button type="button" class="button small" onClick={onSignOut}>
              {t('app.signOut')}
            </button>
          </div>
        </div>
        <nav aria-label={t('nav.label')}>
          <ul class="nav">
            {NAV.map((item) => (
              <li key={item.page}>
                <Link href={item.href} aria-current={current(item.page) ? 'page' : undefined}>
                  {t(item.label)}
                </Link>
              </li>
            ))}
            {departments.length > 0 && (
              <li>
                {/* Keyed by the address: following one of its links closes the menu. */}
                <details class="menu" key={route.page === 'department' ? `department-${route.id}` : route.page}>
                  <summary aria-current={route.page === 'department' ? 'page' : undefined}>{t('nav.departments')}</summary>
                  <ul>
                    {departments.map((d) => (
                      <li key={d.id}>
                        <Link href={DASHBOARD_PAGES.department(d.id)} aria-current={route.page === 'department' && route.id === d.id ? 'page' : undefined}>
                          {departmentName(d.id)}
                        </Link>
                      </li>
                    ))}
                  </ul>
                </details>
              </li>
            )}
          </ul>
        </nav>
      </header>
      <main id="main" tabIndex={-1}>
        {children}
      </main>
    </>
  );
}
