/**
 * The local stack's sign-in paths, outside ROUTES (API Gateway has none of them; on AWS Cognito's
 * hosted UI signs users in):
 *   GET  /_local/sign-in?token=…[&next=/path]  the link stack.json and `users invite` print: sets the cookie
 *   POST /_local/sign-out                      clears it
 *   POST /_local/sign-in-links                 (admin key) a link for an address: what `users invite` calls
 */
import { timingSafeEqual } from 'node:crypto';
import * as z from 'zod';
import type { DepartmentsConfig } from '../../shared/domain/departments/schema';
import { ownerAddresses } from '../../shared/domain/departments/schema';
import { LOCAL_SIGN_IN_PATH } from '../../shared/domain/dashboard/contract';
import { jsonResponse, type HttpResponse } from '../../shared/http/errors';
import type { LocalRoute } from './clock-route';
import { clearedSessionCookie, sessionCookie, type LocalDashboardAuth } from './dashboard-auth';

export const LOCAL_SIGN_OUT_PATH = '/_local/sign-out';
export const LOCAL_SIGN_IN_LINKS_PATH = '/_local/sign-in-links';

/**
 * The page's own paths (DASHBOARD_PAGES): `next` may only name one of them, so a sign-in link can
 * never send a browser elsewhere (no `//host`, no scheme, no API route).
 */
const PAGE_PATH = /^\/(?:(?:departments|incidents)\/[A-Za-z0-9._~%+-]{1,200}|interfaces|journeys|incidents)?$/;

export function isPagePath(path: string): boolean {
  return PAGE_PATH.test(path);
}

/** The link that signs `token`'s holder in and opens `next` (the overview by default). */
export function signInUrl(baseUrl: string, token: string, next?: string): string {
  const url = new URL(LOCAL_SIGN_IN_PATH, baseUrl);
  url.searchParams.set('token', token);
  if (next && next !== '/' && isPagePath(next)) url.searchParams.set('next', next);
  return url.toString();
}

const STALE_LINK_PAGE = `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Sign-in link expired · customer-voice</title>
<style>body{font:16px/1.5 system-ui,sans-serif;max-width:38rem;margin:3rem auto;padding:0 1rem;color:#1a1a1a}code{background:#f0f0f0;padding:.1rem .3rem;border-radius:3px}</style></head>
<body>
<h1>This sign-in link no longer works</h1>
<p>Local sign-in links are valid while the stack that printed them runs: a restart of <code>npm start</code> draws a new key, and the old links stop working.</p>
<p>To get a new one: look at the link <code>npm start</code> printed (also <code>dashboardUrl</code> in <code>.local/stack.json</code>), or run <code>npx customer-voice users invite --email you@example.com [--officer]</code>.</p>
<hr>
<h2 lang="fr">Ce lien de connexion n’est plus valable</h2>
<p lang="fr">Un lien local vaut tant que tourne la pile qui l’a imprimé : relancer <code>npm start</code> tire une nouvelle clé. Nouveau lien : celui que <code>npm start</code> affiche (<code>dashboardUrl</code> dans <code>.local/stack.json</code>), ou <code>npx customer-voice users invite --email vous@example.com [--officer]</code>.</p>
</body>
</html>
`;

function staleLink(): HttpResponse {
  return {
    statusCode: 401,
    headers: {
      'content-type': 'text/html; charset=utf-8',
      'cache-control': 'no-store',
      'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'",
      'x-content-type-options': 'nosniff',
      'referrer-policy': 'no-referrer',
      'set-cookie': clearedSessionCookie(),
    },
    body: STALE_LINK_PAGE,
  };
}

const SignInLinkRequestSchema = z
  .object({
    email: z.email('email must be an email address, e.g. head.of.billing@example.com'),
    officer: z.boolean().default(false),
    next: z.string().refine(isPagePath, 'next must be one of the page paths, e.g. /departments/billing').optional(),
  })
  .strict();

/** What `POST /_local/sign-in-links` answers. */
export interface SignInLinkResponse {
  url: string;
  email: string;
  officer: boolean;
  /** The departments whose owners list this address (what an owner will see). */
  ownedDepartments: string[];
}

const sameKey = (given: string, expected: string) => given.length === expected.length && timingSafeEqual(Buffer.from(given), Buffer.from(expected));

/** The departments whose `owners` include `email` (case-insensitive, as the API compares them). */
export function departmentsOwnedBy(config: DepartmentsConfig, email: string): string[] {
  const wanted = email.trim().toLowerCase();
  return config.departments.filter((d) => ownerAddresses(d).some((o) => o.toLowerCase() === wanted)).map((d) => d.id);
}

export interface SignInRouteDeps {
  auth: () => LocalDashboardAuth;
  adminKey: () => string;
  departments: () => DepartmentsConfig;
}

export function dashboardSignInRoute(deps: SignInRouteDeps): LocalRoute {
  return async (req, path, body) => {
    if (path === LOCAL_SIGN_IN_PATH) {
      if (req.method !== 'GET') return jsonResponse(405, { error: { code: 'method_not_allowed', message: `GET ${LOCAL_SIGN_IN_PATH}?token=…` } }, { allow: 'GET' });
      const query = new URL(req.url ?? '/', 'http://localhost').searchParams;
      const token = query.get('token') ?? '';
      const verified = token ? await deps.auth().verify(token) : undefined;
      if (!verified) return staleLink();
      const next = query.get('next');
      return {
        statusCode: 303,
        headers: {
          location: next && isPagePath(next) ? next : '/',
          'set-cookie': sessionCookie(token, verified.expiresAt - Date.now() / 1000),
          'cache-control': 'no-store',
          // The token is in this URL: keep it out of any Referer the next page would send.
          'referrer-policy': 'no-referrer',
        },
        body: '',
      };
    }
    if (path === LOCAL_SIGN_OUT_PATH) {
      if (req.method !== 'POST') return jsonResponse(405, { error: { code: 'method_not_allowed', message: `POST ${LOCAL_SIGN_OUT_PATH}` } }, { allow: 'POST' });
      return { statusCode: 204, headers: { 'set-cookie': clearedSessionCookie(), 'cache-control': 'no-store' }, body: '' };
    }
    if (path === LOCAL_SIGN_IN_LINKS_PATH) {
      if (req.method !== 'POST') return jsonResponse(405, { error: { code: 'method_not_allowed', message: `POST ${LOCAL_SIGN_IN_LINKS_PATH} { "email": "…", "officer": true }` } }, { allow: 'POST' });
      const key = req.headers['x-api-key'];
      if (typeof key !== 'string' || !sameKey(key.trim(), deps.adminKey())) {
        return jsonResponse(401, { error: { code: 'unauthenticated', message: 'Sign-in links take the local admin key in the "x-api-key" header (see stack.json).' } });
      }
      let json: unknown;
      try {
        json = JSON.parse(body.toString('utf8'));
      } catch {
        return jsonResponse(400, { error: { code: 'invalid_request', message: 'Send JSON: { "email": "someone@example.com", "officer": false }.' } });
      }
      const parsed = SignInLinkRequestSchema.safeParse(json);
      if (!parsed.success) {
        return jsonResponse(400, { error: { code: 'invalid_request', message: parsed.error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; ') } });
      }
      const { email, officer, next } = parsed.data;
      const auth = deps.auth();
      const token = await auth.issue({ email, officer });
      const answer: SignInLinkResponse = { url: signInUrl(auth.issuer, token, next), email: email.trim().toLowerCase(), officer, ownedDepartments: departmentsOwnedBy(deps.departments(), email) };
      return jsonResponse(200, answer);
    }
    return undefined;
  };
}
