/**
 * The local stack's sign-in for the dashboard: it issues and verifies its own JWTs, shaped like
 * the ID tokens Cognito issues on AWS, and hands the functions the claims map API Gateway's JWT
 * authorizer would. The signing key is drawn anew on every start, so a restart invalidates every
 * link and cookie handed out before it (the tokens' long expiry only has to outlive one run).
 */
import { createHash, randomBytes } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { jwtVerify, SignJWT, type JWTPayload } from 'jose';
import { LOCAL_SESSION_COOKIE, OFFICER_GROUP } from '../../shared/domain/dashboard/contract';

/** The audience of every local token (Cognito's would be the app client id). */
export const LOCAL_TOKEN_AUDIENCE = 'customer-voice-local';
/** Long enough for any run of the stack; the key drawn at start is what really ends a session. */
export const LOCAL_TOKEN_LIFETIME_SECONDS = 30 * 86_400;
const ALGORITHM = 'HS256';

export interface LocalDashboardUser {
  email: string;
  /** In the `officer` group (sees every department); otherwise an owner, scoped by the API. */
  officer: boolean;
}

/** A verified token: its claims as API Gateway passes them, and when it expires (epoch seconds). */
export interface VerifiedLocalToken {
  claims: Record<string, string>;
  expiresAt: number;
}

export interface LocalDashboardAuth {
  /** The stack's base URL: the tokens' `iss`. */
  readonly issuer: string;
  issue(user: LocalDashboardUser): Promise<string>;
  /** The token's claims when its signature, issuer, audience, expiry and `token_use` hold; undefined otherwise. */
  verify(token: string): Promise<VerifiedLocalToken | undefined>;
}

/** A stable subject per address (lowercased), formatted like Cognito's UUID `sub`. */
export function localSubjectOf(email: string): string {
  const h = createHash('sha256').update(`customer-voice-local:${email.trim().toLowerCase()}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/**
 * The claims map API Gateway's HTTP API JWT authorizer gives a function: every value a string,
 * arrays flattened as `[a b]` (how `cognito:groups` arrives), booleans and numbers as text.
 */
export function apiGatewayClaims(payload: JWTPayload): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(payload)) {
    if (value === undefined || value === null) continue;
    if (Array.isArray(value)) out[name] = `[${value.map(String).join(' ')}]`;
    else if (typeof value === 'object') out[name] = JSON.stringify(value);
    else out[name] = String(value);
  }
  return out;
}

/** A signer and verifier for one run of the stack. `key` is for tests; the stack lets it draw one. */
export function createLocalDashboardAuth(issuer: string, options: { key?: Uint8Array; now?: () => Date } = {}): LocalDashboardAuth {
  const key = options.key ?? new Uint8Array(randomBytes(32));
  const now = options.now ?? (() => new Date());
  return {
    issuer,
    async issue(user) {
      const email = user.email.trim().toLowerCase();
      const iat = Math.floor(now().getTime() / 1000);
      return new SignJWT({
        email,
        email_verified: true,
        'cognito:groups': user.officer ? [OFFICER_GROUP] : [],
        'cognito:username': email,
        token_use: 'id',
        auth_time: iat,
      })
        .setProtectedHeader({ alg: ALGORITHM, typ: 'JWT' })
        .setSubject(localSubjectOf(email))
        .setIssuer(issuer)
        .setAudience(LOCAL_TOKEN_AUDIENCE)
        .setIssuedAt(iat)
        .setExpirationTime(iat + LOCAL_TOKEN_LIFETIME_SECONDS)
        .sign(key);
    },
    async verify(token) {
      try {
        const { payload } = await jwtVerify(token, key, {
          algorithms: [ALGORITHM],
          issuer,
          audience: LOCAL_TOKEN_AUDIENCE,
          requiredClaims: ['sub', 'email', 'exp', 'iat'],
          currentDate: now(),
        });
        if (payload.token_use !== 'id' || typeof payload.exp !== 'number') return undefined;
        return { claims: apiGatewayClaims(payload), expiresAt: payload.exp };
      } catch {
        // Bad signature (an older run's key), wrong issuer or audience, expired, malformed: all "no".
        return undefined;
      }
    },
  };
}

/** The token a request carries: `Authorization: Bearer …` first, else the session cookie. */
export function tokenOfRequest(headers: IncomingHttpHeaders): string | undefined {
  const bearer = /^Bearer\s+(\S+)\s*$/i.exec(headers.authorization ?? '')?.[1];
  if (bearer) return bearer;
  for (const part of (headers.cookie ?? '').split(';')) {
    const at = part.indexOf('=');
    if (at > 0 && part.slice(0, at).trim() === LOCAL_SESSION_COOKIE) {
      const value = part.slice(at + 1).trim();
      if (value) return value;
    }
  }
  return undefined;
}

/**
 * The session cookie: HttpOnly (the page never reads the token), SameSite=Lax (no cross-site
 * POST carries it), no Secure flag because the local stack is plain http://127.0.0.1.
 */
export function sessionCookie(token: string, maxAgeSeconds: number): string {
  return `${LOCAL_SESSION_COOKIE}=${token}; Path=/; HttpOnly; SameSite=Lax; Max-Age=${Math.max(0, Math.floor(maxAgeSeconds))}`;
}

export function clearedSessionCookie(): string {
  return `${LOCAL_SESSION_COOKIE}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0`;
}
