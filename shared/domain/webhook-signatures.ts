import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

/**
 * How each social provider proves a request is theirs. Every check runs over the RAW body
 * bytes (re-serialised JSON would not match) and compares in constant time, so a caller
 * cannot learn a valid signature byte by byte from response timings.
 */

/**
 * The secrets social webhooks are verified with, one per name: each provider's signing
 * secret (X consumer secret, Meta app secret, our generic HMAC key, the Trustpilot URL
 * password) and Meta's subscription verify token.
 */
export const WEBHOOK_SECRET_NAMES = ['generic', 'x', 'meta', 'meta-verify-token', 'trustpilot'] as const;
export type WebhookSecretName = (typeof WEBHOOK_SECRET_NAMES)[number];

/** How far the generic scheme's timestamp may be from our clock before the request counts as a replay. */
export const GENERIC_TIMESTAMP_TOLERANCE_SECONDS = 300;

export type Verification = { ok: true } | { ok: false; reason: string };

const OK: Verification = { ok: true };
const fail = (reason: string): Verification => ({ ok: false, reason });

export function hmacSha256(secret: string, data: Buffer | string): Buffer {
  return createHmac('sha256', secret).update(data).digest();
}

/** Constant-time equality of two strings of any length (the length of a digest is public anyway). */
export function constantTimeEqual(a: string, b: string): boolean {
  // Hashing first gives equal-length inputs, so not even the length leaks through timing.
  const ha = createHash('sha256').update(a, 'utf8').digest();
  const hb = createHash('sha256').update(b, 'utf8').digest();
  return timingSafeEqual(ha, hb);
}

/** The generic scheme's header names: inbound deliveries carry them, outbound notifications send them. */
export const GENERIC_SIGNATURE_HEADERS = { timestamp: 'x-cv-timestamp', signature: 'x-cv-signature' } as const;

/**
 * The generic scheme's signature of `rawBody` signed at `timestamp` (unix seconds, as sent):
 * `v1=<hex HMAC-SHA256(secret, "<timestamp>.<raw body>")>`. The one definition both directions
 * use: inbound generic webhooks are checked against it, outbound notifications are signed with it.
 */
export function genericSignature(secret: string, timestamp: string, rawBody: Buffer | string): string {
  const body = typeof rawBody === 'string' ? Buffer.from(rawBody, 'utf8') : rawBody;
  return `v1=${hmacSha256(secret, Buffer.concat([Buffer.from(`${timestamp}.`, 'utf8'), body])).toString('hex')}`;
}

/** The headers that sign `rawBody` now under the generic scheme (what a receiver verifies). */
export function genericSignatureHeaders(secret: string, rawBody: Buffer | string, now: Date): Record<string, string> {
  const timestamp = String(Math.floor(now.getTime() / 1000));
  return { [GENERIC_SIGNATURE_HEADERS.timestamp]: timestamp, [GENERIC_SIGNATURE_HEADERS.signature]: genericSignature(secret, timestamp, rawBody) };
}

/**
 * Our own scheme (provider `generic`): `x-cv-timestamp: <unix seconds>` and
 * `x-cv-signature: v1=<hex HMAC-SHA256(secret, "<timestamp>.<raw body>")>`. Signing the
 * timestamp with the body and refusing stale ones stops a captured request from being replayed.
 */
export function verifyGenericSignature(
  rawBody: Buffer,
  headers: { timestamp?: string; signature?: string },
  secret: string,
  now: Date,
): Verification {
  if (!headers.timestamp) return fail('Missing x-cv-timestamp header: send the unix time (seconds) at which you signed the request.');
  if (!headers.signature) return fail('Missing x-cv-signature header: send "v1=<hex HMAC-SHA256 of \\"<timestamp>.<raw body>\\">".');
  if (!/^\d{1,12}$/.test(headers.timestamp.trim())) return fail('x-cv-timestamp must be unix seconds (digits only).');
  const timestamp = Number(headers.timestamp.trim());
  const skew = Math.abs(now.getTime() / 1000 - timestamp);
  if (skew > GENERIC_TIMESTAMP_TOLERANCE_SECONDS) {
    return fail(
      `x-cv-timestamp is ${Math.round(skew)} s away from our clock (tolerance ${GENERIC_TIMESTAMP_TOLERANCE_SECONDS} s): sign each request when you send it, with a synchronised clock.`,
    );
  }
  const expected = genericSignature(secret, headers.timestamp.trim(), rawBody).slice('v1='.length);
  // Several signatures may be sent while a secret is being rotated: any valid one is enough.
  const candidates = headers.signature
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part.startsWith('v1='))
    .map((part) => part.slice(3).toLowerCase());
  if (candidates.length === 0) return fail('x-cv-signature must look like "v1=<64 hex characters>".');
  let matched = false;
  for (const candidate of candidates) if (constantTimeEqual(candidate, expected)) matched = true;
  return matched ? OK : fail('x-cv-signature does not match the body: sign "<timestamp>.<raw body bytes>" with the generic secret.');
}

/** X Account Activity API: `x-twitter-webhooks-signature: sha256=<base64 HMAC-SHA256(consumer secret, raw body)>`. */
export function verifyXSignature(rawBody: Buffer, header: string | undefined, consumerSecret: string): Verification {
  if (!header) return fail('Missing x-twitter-webhooks-signature header.');
  const expected = `sha256=${hmacSha256(consumerSecret, rawBody).toString('base64')}`;
  return constantTimeEqual(header.trim(), expected) ? OK : fail('x-twitter-webhooks-signature does not match the body.');
}

/** X's challenge-response check (CRC): proves we hold the consumer secret. */
export function xCrcResponseToken(crcToken: string, consumerSecret: string): string {
  return `sha256=${hmacSha256(consumerSecret, crcToken).toString('base64')}`;
}

/** Meta (Facebook pages, Instagram): `X-Hub-Signature-256: sha256=<hex HMAC-SHA256(app secret, raw body)>`. */
export function verifyMetaSignature(rawBody: Buffer, header: string | undefined, appSecret: string): Verification {
  if (!header) return fail('Missing X-Hub-Signature-256 header.');
  const expected = `sha256=${hmacSha256(appSecret, rawBody).toString('hex')}`;
  // Meta sends lower-case hex; relays that re-encode it may not.
  return constantTimeEqual(header.trim().toLowerCase(), expected) ? OK : fail('X-Hub-Signature-256 does not match the body.');
}

/**
 * Trustpilot signs nothing: its webhook subscription is a URL, and the only credential it can
 * carry is one in that URL — HTTP basic auth (`https://user:<secret>@host/...`, sent as an
 * `Authorization: Basic` header) or, for relays that drop user info, `?token=<secret>`.
 * The password (or token) must equal the secret; the user name is not checked.
 */
export function verifySharedSecret(authorization: string | undefined, token: string | undefined, secret: string): Verification {
  if (authorization) {
    const match = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(authorization.trim());
    if (!match) return fail('Authorization must be HTTP basic auth: put the secret as the password in the subscription URL.');
    const decoded = Buffer.from(match[1]!, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    const password = colon >= 0 ? decoded.slice(colon + 1) : decoded;
    return constantTimeEqual(password, secret) ? OK : fail('Wrong credentials in the subscription URL.');
  }
  if (token !== undefined) return constantTimeEqual(token, secret) ? OK : fail('Wrong token in the subscription URL.');
  return fail('Missing credentials: subscribe https://trustpilot:<secret>@<api>/v1/social/trustpilot (or append ?token=<secret>).');
}
