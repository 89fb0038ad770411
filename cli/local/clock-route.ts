import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { jsonResponse, type HttpResponse } from '../../shared/http/errors';
import type { LocalClock } from './clock';

/** The local stack's own route, outside ROUTES: API Gateway has no such path, so no deployment can serve it. */
export const LOCAL_CLOCK_PATH = '/_local/clock';

/** A route the local HTTP server answers before ROUTES; undefined means "not mine". */
export type LocalRoute = (req: IncomingMessage, path: string, body: Buffer) => Promise<HttpResponse | undefined>;

const sameKey = (given: string, expected: string) =>
  given.length === expected.length && timingSafeEqual(Buffer.from(given), Buffer.from(expected));

function clockBody(clock: LocalClock): HttpResponse {
  return jsonResponse(200, { now: clock.now().toISOString(), mode: clock.isSet ? 'set' : 'system' });
}

/**
 * `GET /_local/clock` (the time the functions see), `PUT /_local/clock { "now": "<ISO date-time>" }`
 * (hold it there; the weekly digest runs for every Monday passed) and `DELETE /_local/clock`
 * (back to the system time). The admin key is required: the clock decides what alerts say.
 */
export function clockRoute(clock: LocalClock, adminKey: () => string): LocalRoute {
  return async (req, path, body) => {
    if (path !== LOCAL_CLOCK_PATH) return undefined;
    const key = req.headers['x-api-key'];
    if (typeof key !== 'string' || !sameKey(key.trim(), adminKey())) {
      return jsonResponse(401, { error: { code: 'unauthenticated', message: 'The local clock takes the local admin key in the "x-api-key" header (see stack.json).' } });
    }
    if (req.method === 'GET') return clockBody(clock);
    if (req.method === 'DELETE') {
      await clock.release();
      return clockBody(clock);
    }
    if (req.method === 'PUT') {
      let now: unknown;
      try {
        now = (JSON.parse(body.toString('utf8')) as { now?: unknown }).now;
      } catch {
        now = undefined;
      }
      const at = typeof now === 'string' && /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(now) ? new Date(now) : undefined;
      if (!at || Number.isNaN(at.getTime())) {
        return jsonResponse(400, { error: { code: 'invalid_clock', message: 'Send { "now": "<ISO 8601 date-time with offset>" }, e.g. { "now": "2026-11-24T09:30:00Z" }.' } });
      }
      await clock.set(at);
      return clockBody(clock);
    }
    return jsonResponse(405, { error: { code: 'method_not_allowed', message: 'GET, PUT { "now": "…" } or DELETE /_local/clock.' } }, { allow: 'GET, PUT, DELETE' });
  };
}
