import { describe, expect, it } from 'vitest';
import { COGNITO_KEYS, SignInError, type CognitoConfig, type SessionStore } from '../../web/src/auth/cognito';
import { startAuth, type BrowserPort } from '../../web/src/auth/page-auth';
import { base64url, codeChallengeOf } from '../../web/src/auth/pkce';

const CONFIG: CognitoConfig = {
  auth: 'cognito',
  apiBase: '',
  domain: 'https://cv-prod-123456789012.auth.eu-west-3.amazoncognito.com/',
  clientId: 'client123',
  redirectUri: 'https://d111.cloudfront.net/',
};
const NOW = Date.UTC(2026, 11, 2, 12);

class MemoryStore implements SessionStore {
  readonly values = new Map<string, string>();
  getItem = (key: string) => this.values.get(key) ?? null;
  setItem = (key: string, value: string) => void this.values.set(key, value);
  removeItem = (key: string) => void this.values.delete(key);
  clear = () => this.values.clear();
}

const idToken = (exp: number) => `h.${base64url(new TextEncoder().encode(JSON.stringify({ email: 'cco@example.com', exp })))}.sig`;

interface FakeBrowser extends BrowserPort {
  storage: MemoryStore;
  assigned: string[];
  replaced: string[];
  posts: { url: string; body: string }[];
}

function browserAt(href: string, tokenResponse: { status: number; body: unknown } = { status: 200, body: { id_token: idToken(NOW / 1000 + 3600), access_token: 'a', expires_in: 3600 } }): FakeBrowser {
  const browser: FakeBrowser = {
    storage: new MemoryStore(),
    assigned: [],
    replaced: [],
    posts: [],
    url: () => new URL(href),
    replacePath: (path) => browser.replaced.push(path),
    assign: (url) => browser.assigned.push(url),
    now: () => NOW,
    fetch: async (input, init) => {
      browser.posts.push({ url: String(input), body: String(init?.body) });
      return new Response(JSON.stringify(tokenResponse.body), { status: tokenResponse.status, headers: { 'content-type': 'application/json' } });
    },
  };
  return browser;
}

describe('the page sign-in with Cognito (code flow with PKCE)', () => {
  it('sends a browser without a token to the hosted UI with an S256 challenge of the verifier it keeps, and a state', async () => {
    // Prepare
    const browser = browserAt('https://d111.cloudfront.net/departments/billing?x=1');

    // Act
    const outcome = await startAuth(CONFIG, browser);

    // Assess
    expect(outcome).toBe('redirecting');
    const url = new URL(browser.assigned[0]!);
    expect(`${url.origin}${url.pathname}`).toBe('https://cv-prod-123456789012.auth.eu-west-3.amazoncognito.com/oauth2/authorize');
    expect(url.searchParams.get('response_type')).toBe('code');
    expect(url.searchParams.get('client_id')).toBe('client123');
    expect(url.searchParams.get('redirect_uri')).toBe(CONFIG.redirectUri);
    expect(url.searchParams.get('code_challenge_method')).toBe('S256');
    expect(url.searchParams.get('code_challenge')).toBe(await codeChallengeOf(browser.storage.getItem(COGNITO_KEYS.verifier)!));
    expect(url.searchParams.get('state')).toBe(browser.storage.getItem(COGNITO_KEYS.state));
    expect(browser.storage.getItem(COGNITO_KEYS.returnTo)).toBe('/departments/billing?x=1');
  });

  it('swaps the code for tokens with the stored verifier when the state matches, keeps the ID token and returns to the page', async () => {
    // Prepare
    const browser = browserAt('https://d111.cloudfront.net/?code=abc&state=s1');
    browser.storage.setItem(COGNITO_KEYS.state, 's1');
    browser.storage.setItem(COGNITO_KEYS.verifier, 'v'.repeat(43));
    browser.storage.setItem(COGNITO_KEYS.returnTo, '/incidents/billing-2026-12-02');

    // Act
    const auth = await startAuth(CONFIG, browser);

    // Assess
    expect(auth).not.toBe('redirecting');
    expect(browser.posts).toHaveLength(1);
    expect(browser.posts[0]!.url).toBe('https://cv-prod-123456789012.auth.eu-west-3.amazoncognito.com/oauth2/token');
    expect(Object.fromEntries(new URLSearchParams(browser.posts[0]!.body))).toEqual({ grant_type: 'authorization_code', client_id: 'client123', code: 'abc', redirect_uri: CONFIG.redirectUri, code_verifier: 'v'.repeat(43) });
    expect(browser.replaced).toEqual(['/incidents/billing-2026-12-02']);
    expect(auth !== 'redirecting' && auth.headers()).toEqual({ authorization: `Bearer ${idToken(NOW / 1000 + 3600)}` });
    expect(browser.storage.getItem(COGNITO_KEYS.verifier)).toBeNull();
  });

  it('refuses a callback whose state is not the one this tab stored, without calling the token endpoint', async () => {
    // Prepare
    const browser = browserAt('https://d111.cloudfront.net/?code=abc&state=forged');
    browser.storage.setItem(COGNITO_KEYS.state, 's1');
    browser.storage.setItem(COGNITO_KEYS.verifier, 'v'.repeat(43));

    // Act / Assess
    await expect(startAuth(CONFIG, browser)).rejects.toThrow(SignInError);
    expect(browser.posts).toEqual([]);
    expect(browser.storage.getItem(COGNITO_KEYS.idToken)).toBeNull();
  });

  it('refuses a code the token endpoint rejects', async () => {
    // Prepare
    const browser = browserAt('https://d111.cloudfront.net/?code=abc&state=s1', { status: 400, body: { error: 'invalid_grant' } });
    browser.storage.setItem(COGNITO_KEYS.state, 's1');
    browser.storage.setItem(COGNITO_KEYS.verifier, 'v'.repeat(43));

    // Act / Assess
    await expect(startAuth(CONFIG, browser)).rejects.toThrow(/HTTP 400/);
    expect(browser.storage.getItem(COGNITO_KEYS.idToken)).toBeNull();
  });

  it('treats a token about to expire as gone: no header, and the next start signs in again', async () => {
    // Prepare: valid for 10 more seconds, under the 30-second margin.
    const browser = browserAt('https://d111.cloudfront.net/journeys');
    browser.storage.setItem(COGNITO_KEYS.idToken, idToken(NOW / 1000 + 10));

    // Act
    const outcome = await startAuth(CONFIG, browser);

    // Assess
    expect(outcome).toBe('redirecting');
    expect(browser.storage.getItem(COGNITO_KEYS.idToken)).toBeNull();
    expect(browser.assigned[0]).toMatch(/\/oauth2\/authorize\?/);
  });

  it('signs out through the hosted UI logout with the client id and the page as logout_uri, forgetting the token', async () => {
    // Prepare
    const browser = browserAt('https://d111.cloudfront.net/');
    browser.storage.setItem(COGNITO_KEYS.idToken, idToken(NOW / 1000 + 3600));
    const auth = await startAuth(CONFIG, browser);
    if (auth === 'redirecting') throw new Error('expected a signed-in page');

    // Act
    await auth.signOut();

    // Assess
    expect(browser.assigned).toEqual([`https://cv-prod-123456789012.auth.eu-west-3.amazoncognito.com/logout?client_id=client123&logout_uri=${encodeURIComponent(CONFIG.redirectUri)}`]);
    expect(browser.storage.values.size).toBe(0);
  });
});
