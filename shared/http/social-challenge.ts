import { challengeAnswer, type SocialDeps, type WebhookRequest } from '../app/ingest-social';
import { jsonResponse, type HttpResponse } from './errors';

/** GET /v1/social/{provider}: the subscription handshake answered as the provider expects it. */
export async function answerChallenge(request: WebhookRequest, deps: SocialDeps): Promise<HttpResponse> {
  const answer = await challengeAnswer(request, deps);
  if ('json' in answer) return jsonResponse(200, answer.json);
  return { statusCode: 200, headers: { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' }, body: answer.text };
}
