/**
 * How the page's requests carry the sign-in, for both deployments: locally the stack's HttpOnly
 * cookie goes by itself (same origin); on AWS the Cognito ID token goes as a bearer. Also what
 * "sign in again" and "sign out" mean in each.
 */
import type { PageConfig } from '../../../shared/domain/dashboard/contract';
import { beginSignIn, completeSignIn, isCallback, signOutUrl, storedIdToken, type CognitoConfig, type SessionStore } from './cognito';

export interface PageAuth {
  readonly kind: PageConfig['auth'];
  /** Headers for an API request; undefined when the page must sign in again first (an expired token). */
  headers(): Record<string, string> | undefined;
  /** Cognito: off to the hosted sign-in, back to the current page after. Local: nothing to do (the link `npm start` printed signs in). */
  signInAgain(): Promise<void>;
  signOut(): Promise<void>;
}

/** Where the browser is, and how to send it elsewhere: the real `window` in the page, a fake in tests. */
export interface BrowserPort {
  url(): URL;
  replacePath(path: string): void;
  assign(url: string): void;
  storage: SessionStore;
  fetch: typeof fetch;
  now(): number;
}

const currentPath = (url: URL) => `${url.pathname}${url.search}${url.hash}`;

function localAuth(browser: BrowserPort): PageAuth {
  return {
    kind: 'local',
    headers: () => ({}),
    signInAgain: async () => {},
    signOut: async () => {
      await browser.fetch('/_local/sign-out', { method: 'POST', credentials: 'same-origin' });
    },
  };
}

function cognitoAuth(config: CognitoConfig, browser: BrowserPort): PageAuth {
  const signInAgain = async () => browser.assign(await beginSignIn(config, browser.storage, currentPath(browser.url())));
  return {
    kind: 'cognito',
    headers: () => {
      const token = storedIdToken(browser.storage, browser.now());
      return token ? { authorization: `Bearer ${token}` } : undefined;
    },
    signInAgain,
    signOut: async () => {
      browser.storage.clear();
      browser.assign(signOutUrl(config));
    },
  };
}

/**
 * The page's sign-in at start. Cognito: finishes a sign-in coming back from the hosted UI (then
 * shows the page the user was on), or leaves for the hosted UI when no valid token is held
 * (answers `redirecting`: nothing to render). Local: the cookie is the session.
 */
export async function startAuth(config: PageConfig, browser: BrowserPort): Promise<PageAuth | 'redirecting'> {
  if (config.auth === 'local') return localAuth(browser);
  const auth = cognitoAuth(config, browser);
  const url = browser.url();
  if (isCallback(url)) {
    const returnTo = await completeSignIn(config, url, browser.storage, browser.fetch);
    browser.replacePath(returnTo);
    return auth;
  }
  if (auth.headers()) return auth;
  await auth.signInAgain();
  return 'redirecting';
}
