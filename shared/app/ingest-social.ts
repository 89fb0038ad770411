import {
  isSocialProvider,
  SOCIAL_PROVIDERS,
  UnrecognisedPayloadError,
  type SocialOwnAccounts,
  type SocialProvider,
} from '../domain/social-mentions/delivery';
import { parseDelivery } from '../domain/social-mentions/parse-delivery';
import { constantTimeEqual, verifyGenericSignature, verifyMetaSignature, verifySharedSecret, verifyXSignature, xCrcResponseToken, type Verification } from '../domain/webhook-signatures';
import { ForbiddenError, InvalidRequestError, MethodNotAllowedError, NotFoundError, ServiceUnavailableError, UnauthenticatedError } from '../domain/failures';
import type { WebhookSecretName } from '../domain/webhook-signatures';
import type { WebhookSecrets } from '../ports/webhook-secrets';
import { ingestFeedback, type IngestDeps } from './ingest-feedback';

/** What the use case needs from an HTTP request, whatever carried it (API Gateway event, test). */
export interface WebhookRequest {
  provider: string;
  method: string;
  header(name: string): string | undefined;
  query: Readonly<Record<string, string | undefined>>;
  /** The raw body bytes, exactly as signed (decoded from base64 if the gateway encoded them). */
  rawBody(): Buffer;
}

export interface SocialDeps extends IngestDeps {
  secrets: WebhookSecrets;
  ownAccounts: SocialOwnAccounts;
}

export interface SocialDeliveryResult {
  accepted: { id: string }[];
  skipped: { id: string; reason: string }[];
  rejected: { index: number; error: string }[];
}

/** Meta echoes whatever challenge it sent; anything else must not be reflected back as our page. */
const META_CHALLENGE = /^[A-Za-z0-9._~-]{1,256}$/;

export function providerOf(name: string | undefined): SocialProvider {
  if (name && isSocialProvider(name)) return name;
  throw new NotFoundError(`Unknown social provider "${name ?? ''}"; use one of: ${SOCIAL_PROVIDERS.join(', ')}.`, { providers: SOCIAL_PROVIDERS });
}

async function secret(deps: SocialDeps, name: WebhookSecretName): Promise<string> {
  try {
    return await deps.secrets.secretFor(name);
  } catch (error) {
    throw new ServiceUnavailableError('The webhook secret cannot be read right now; nothing was accepted. Retry later.', undefined, { cause: error });
  }
}

/** What a subscription handshake answers: X's CRC token as JSON, Meta's challenge echoed as text. */
export type ChallengeAnswer = { json: { response_token: string } } | { text: string };

/** GET: the subscription handshakes (X CRC, Meta hub.challenge). Generic and Trustpilot have none. */
export async function challengeAnswer(request: WebhookRequest, deps: SocialDeps): Promise<ChallengeAnswer> {
  const provider = providerOf(request.provider);
  if (provider === 'x') {
    const token = request.query.crc_token;
    if (!token) throw new InvalidRequestError('invalid_query', 'crc_token is required: X sends GET ?crc_token=<token> to check the webhook.');
    return { json: { response_token: xCrcResponseToken(token, await secret(deps, 'x')) } };
  }
  if (provider === 'meta') {
    const mode = request.query['hub.mode'];
    const token = request.query['hub.verify_token'];
    const challenge = request.query['hub.challenge'];
    if (mode !== 'subscribe' || !token || !challenge) {
      throw new InvalidRequestError('invalid_query', 'Meta verification needs hub.mode=subscribe, hub.verify_token and hub.challenge.');
    }
    if (!constantTimeEqual(token, await secret(deps, 'meta-verify-token'))) {
      throw new ForbiddenError('hub.verify_token does not match the configured meta-verify-token.');
    }
    if (!META_CHALLENGE.test(challenge)) throw new InvalidRequestError('invalid_query', 'hub.challenge must be 1 to 256 URL-safe characters.');
    return { text: challenge };
  }
  throw new MethodNotAllowedError(`The ${provider} webhook has no GET handshake; POST its events here.`);
}

async function verify(provider: SocialProvider, request: WebhookRequest, body: Buffer, deps: SocialDeps): Promise<Verification> {
  switch (provider) {
    case 'generic':
      return verifyGenericSignature(
        body,
        { timestamp: request.header('x-cv-timestamp'), signature: request.header('x-cv-signature') },
        await secret(deps, 'generic'),
        (deps.now ?? (() => new Date()))(),
      );
    case 'x':
      return verifyXSignature(body, request.header('x-twitter-webhooks-signature'), await secret(deps, 'x'));
    case 'meta':
      return verifyMetaSignature(body, request.header('x-hub-signature-256'), await secret(deps, 'meta'));
    case 'trustpilot':
      return verifySharedSecret(request.header('authorization'), request.query.token, await secret(deps, 'trustpilot'));
  }
}

/**
 * POST: authenticate the delivery over its raw bytes, then turn what customers wrote into
 * envelopes on the ingest queue. Nothing is parsed, let alone enqueued, before the signature
 * holds. A valid delivery with nothing for us is still a success: providers retry non-2xx.
 */
export async function receiveDelivery(request: WebhookRequest, deps: SocialDeps): Promise<SocialDeliveryResult> {
  const provider = providerOf(request.provider);
  const body = request.rawBody();
  const verdict = await verify(provider, request, body, deps);
  if (!verdict.ok) throw new UnauthenticatedError(verdict.reason);

  if (body.length === 0) throw new InvalidRequestError('empty_body', `The body is empty; send the ${provider} webhook payload.`);
  let json: unknown;
  try {
    json = JSON.parse(body.toString('utf8'));
  } catch (error) {
    throw new InvalidRequestError('invalid_json', `The body is not valid JSON: ${(error as Error).message}.`, undefined, { cause: error });
  }
  let parsed;
  try {
    parsed = parseDelivery(provider, json, deps.ownAccounts);
  } catch (error) {
    if (error instanceof UnrecognisedPayloadError) throw new InvalidRequestError('invalid_payload', error.message, undefined, { cause: error });
    throw error;
  }

  const ingested = await ingestFeedback(
    parsed.items.map((i) => i.item),
    { channel: 'social', provider },
    deps,
  );
  const rejected = [...parsed.rejected, ...ingested.rejected.map((r) => ({ index: parsed.items[r.index]!.index, error: r.error }))].sort((a, b) => a.index - b.index);
  const result: SocialDeliveryResult = { accepted: ingested.accepted.map(({ id }) => ({ id })), skipped: parsed.skipped, rejected };
  // Our own format has a caller who can fix it: say so with a 4xx when nothing in it was usable.
  if (provider === 'generic' && result.accepted.length === 0 && result.skipped.length === 0 && rejected.length > 0) {
    throw new InvalidRequestError('invalid_mention', `No mention was accepted; see details.rejected for what to fix in each.`, { rejected });
  }
  return result;
}
