/**
 * Signing in on AWS: the Cognito hosted UI with the OAuth 2.0 authorization code flow and PKCE.
 * The page sends the user to `/oauth2/authorize` with an S256 challenge and a random `state`,
 * swaps the code it gets back for tokens at `/oauth2/token` (only after checking `state`), keeps
 * the ID token in sessionStorage (gone with the tab) and sends it as a bearer; an expired token
 * means signing in again. Browser objects come in as parameters so the flow can be tested.
 */
import * as z from 'zod';
import type { PageConfig } from '../../../shared/domain/dashboard/contract';
import { codeChallengeOf, jwtClaims, randomToken } from './pkce';

export type CognitoConfig = Extract<PageConfig, { auth: 'cognito' }>;

/** What the flow needs of sessionStorage (the tab's own storage: a sign-in started in one tab finishes in it). */
export interface SessionStore {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
  clear(): void;
}

/** sessionStorage keys: the ID token, and what a sign-in in progress must find when it comes back. */
export const COGNITO_KEYS = { idToken: 'cv.idToken', verifier: 'cv.pkce.verifier', state: 'cv.oauth.state', returnTo: 'cv.oauth.returnTo' } as const;

/** A token this close to its expiry is treated as expired: a request must not die on the way. */
const EXPIRY_MARGIN_SECONDS = 30;

const TokenResponseSchema = z.object({ id_token: z.string().min(1) }).loose();

/** Why signing in could not finish (a stale or forged callback, a refused code). */
export class SignInError extends Error {
  override name = 'SignInError';
}

const trimSlash = (url: string) => url.replace(/\/+$/, '');

/** The hosted UI's authorize URL for this challenge and state. */
export function authorizeUrl(config: CognitoConfig, challenge: string, state: string): string {
  const query = new URLSearchParams({
    response_type: 'code',
    client_id: config.clientId,
    redirect_uri: config.redirectUri,
    scope: 'openid email',
    state,
    code_challenge: challenge,
    code_challenge_method: 'S256',
  });
  return `${trimSlash(config.domain)}/oauth2/authorize?${query}`;
}

/** Where signing out sends the browser: Cognito ends its own session, then comes back to the page. */
export function signOutUrl(config: CognitoConfig): string {
  return `${trimSlash(config.domain)}/logout?${new URLSearchParams({ client_id: config.clientId, logout_uri: config.redirectUri })}`;
}

/** Prepares a sign-in (verifier, state, the page to come back to) and answers the URL to go to. */
export async function beginSignIn(config: CognitoConfig, storage: SessionStore, returnTo: string): Promise<string> {
  const verifier = randomToken(32);
  const state = randomToken(16);
  storage.setItem(COGNITO_KEYS.verifier, verifier);
  storage.setItem(COGNITO_KEYS.state, state);
  storage.setItem(COGNITO_KEYS.returnTo, returnTo.startsWith('/') && !returnTo.startsWith('//') ? returnTo : '/');
  storage.removeItem(COGNITO_KEYS.idToken);
  return authorizeUrl(config, await codeChallengeOf(verifier), state);
}

/** True when `url` is the hosted UI coming back to the page (with a code or an error). */
export function isCallback(url: URL): boolean {
  return url.searchParams.has('state') && (url.searchParams.has('code') || url.searchParams.has('error'));
}

/**
 * Finishes a sign-in: checks `state` against the one this tab stored, swaps the code for tokens
 * with the stored verifier, keeps the ID token. Answers the page path to return to.
 */
export async function completeSignIn(config: CognitoConfig, url: URL, storage: SessionStore, fetchFn: typeof fetch): Promise<string> {
  const expected = storage.getItem(COGNITO_KEYS.state);
  const verifier = storage.getItem(COGNITO_KEYS.verifier);
  const returnTo = storage.getItem(COGNITO_KEYS.returnTo) ?? '/';
  storage.removeItem(COGNITO_KEYS.state);
  storage.removeItem(COGNITO_KEYS.verifier);
  storage.removeItem(COGNITO_KEYS.returnTo);
  const state = url.searchParams.get('state');
  if (!expected || !verifier || state !== expected) throw new SignInError('This sign-in link does not belong to this tab (its state does not match): sign in again.');
  const error = url.searchParams.get('error');
  if (error) throw new SignInError(`The sign-in page refused: ${error}${url.searchParams.get('error_description') ? ` (${url.searchParams.get('error_description')})` : ''}.`);
  const code = url.searchParams.get('code') ?? '';
  const response = await fetchFn(`${trimSlash(config.domain)}/oauth2/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'authorization_code', client_id: config.clientId, code, redirect_uri: config.redirectUri, code_verifier: verifier }).toString(),
  });
  if (!response.ok) throw new SignInError(`The sign-in service refused the code (HTTP ${response.status}): sign in again.`);
  const tokens = TokenResponseSchema.safeParse(await response.json().catch(() => undefined));
  if (!tokens.success) throw new SignInError('The sign-in service answered without an ID token: sign in again.');
  storage.setItem(COGNITO_KEYS.idToken, tokens.data.id_token);
  return returnTo;
}

/** The stored ID token while it is valid (its `exp` more than the margin away), else nothing. */
export function storedIdToken(storage: SessionStore, nowMs: number): string | undefined {
  const token = storage.getItem(COGNITO_KEYS.idToken);
  if (!token) return undefined;
  const exp = jwtClaims(token)?.exp;
  if (typeof exp !== 'number' || exp - EXPIRY_MARGIN_SECONDS <= nowMs / 1000) {
    storage.removeItem(COGNITO_KEYS.idToken);
    return undefined;
  }
  return token;
}
