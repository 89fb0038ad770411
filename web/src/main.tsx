/**
 * Starts the page: reads `/config.json` (how to sign in), signs in (Cognito: finishing or starting
 * the hosted sign-in; local: the stack's cookie), then renders the dashboard.
 */
import { render } from 'preact';
import { PageConfigSchema, type PageConfig } from '../../shared/domain/dashboard/contract';
import { App, Bare } from './app';
import { startAuth, type BrowserPort } from './auth/page-auth';
import { I18nProvider } from './i18n/i18n';
import { initialLang, LANG_STORAGE_KEY } from './i18n/lang';
import type { MessageKey } from './i18n/messages-en';
import { translate } from './i18n/i18n';
import './styles.css';

const root = document.getElementById('app')!;
const preferred: readonly string[] = navigator.languages?.length ? navigator.languages : [navigator.language];

const browser: BrowserPort = {
  url: () => new URL(location.href),
  replacePath: (path) => history.replaceState(null, '', path),
  assign: (url) => location.assign(url),
  storage: sessionStorage,
  fetch: (input, init) => fetch(input, init),
  now: () => Date.now(),
};

/** A message before the app exists (no configuration, a failed sign-in, on the way to the sign-in page). */
function showMessage(key: MessageKey, message = '') {
  const lang = initialLang(localStorage.getItem(LANG_STORAGE_KEY), preferred);
  document.documentElement.lang = lang;
  render(
    <I18nProvider lang={lang} zone="UTC" preferred={preferred}>
      <Bare>
        <div class="panel notice" role={message ? 'alert' : 'status'}>
          <p>{translate(lang, key, { message })}</p>
          {key === 'error.signIn' && (
            <p>
              <a href="/">{translate(lang, 'error.signInAgain')}</a>
            </p>
          )}
        </div>
      </Bare>
    </I18nProvider>,
    root,
  );
}

async function loadConfig(): Promise<PageConfig> {
  const response = await fetch('/config.json', { credentials: 'same-origin', cache: 'no-store' });
  if (!response.ok) throw new Error(`HTTP ${response.status}`);
  const parsed = PageConfigSchema.safeParse(await response.json());
  if (!parsed.success) throw new Error(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
  return parsed.data;
}

async function start() {
  let config: PageConfig;
  try {
    config = await loadConfig();
  } catch (error) {
    showMessage('error.config', error instanceof Error ? error.message : String(error));
    return;
  }
  try {
    const auth = await startAuth(config, browser);
    if (auth === 'redirecting') return showMessage('app.signingIn');
    render(<App config={config} auth={auth} />, root);
  } catch (error) {
    // Off the callback address: a reload then starts a fresh sign-in instead of replaying a spent code.
    if (config.auth === 'cognito') history.replaceState(null, '', '/');
    showMessage('error.signIn', error instanceof Error ? error.message : String(error));
  }
}

void start();
