import type { HttpAnswer, NotificationHttp } from '../ports/notification-delivery';

/** How much of a receiver's answer is kept for the DLQ reason. */
const ANSWER_CHARS = 300;

/**
 * POSTs with the platform's fetch and a timeout. Redirects are not followed: a webhook URL that
 * redirects is misconfigured, and following it would send the signed body somewhere unchecked.
 */
export class FetchNotificationHttp implements NotificationHttp {
  async post(url: string, body: string, headers: Record<string, string>, timeoutMs: number): Promise<HttpAnswer> {
    const response = await fetch(url, { method: 'POST', body, headers, redirect: 'manual', signal: AbortSignal.timeout(timeoutMs) });
    let text = '';
    try {
      text = (await response.text()).slice(0, ANSWER_CHARS);
    } catch {
      // The status is what counts; an answer cut short only shortens the reason.
    }
    return { status: response.status, retryAfter: response.headers.get('retry-after') ?? undefined, body: text || undefined };
  }
}
