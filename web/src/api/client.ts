/**
 * The dashboard API as the page calls it: every response parsed with the contract's schema, every
 * failure turned into an error the page can word (session ended, forbidden, not found, refused
 * input with the API's own message, unreachable).
 */
import type * as z from 'zod';
import { DASHBOARD_ROUTE_PREFIX } from '../../../shared/domain/dashboard/contract';
import type { PageAuth } from '../auth/page-auth';

export type ApiFailureKind = 'session-ended' | 'forbidden' | 'not-found' | 'conflict' | 'refused' | 'unavailable' | 'unexpected';

export class ApiError extends Error {
  override name = 'ApiError';
  constructor(
    readonly kind: ApiFailureKind,
    readonly status: number,
    /** The API's own sentence (its `message`), shown as is: it says what to fix. */
    message: string,
  ) {
    super(message);
  }
}

const kindOf = (status: number): ApiFailureKind =>
  status === 401 ? 'session-ended' : status === 403 ? 'forbidden' : status === 404 ? 'not-found' : status === 409 ? 'conflict' : status >= 500 ? 'unavailable' : 'refused';

export type Query = Record<string, string | number | undefined>;

export interface DashboardApi {
  get<S extends z.ZodType>(path: string, query: Query, schema: S): Promise<z.infer<S>>;
  post<S extends z.ZodType>(path: string, body: unknown, schema: S): Promise<z.infer<S>>;
  /**
   * Starts a GET now that a component will ask for once rendered: the first `get` of the same
   * path and query takes its answer, whether it has come back yet or not.
   */
  prefetch<S extends z.ZodType>(path: string, query: Query, schema: S): void;
}

function queryString(query: Query): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) if (value !== undefined && value !== '') params.set(key, String(value));
  const text = params.toString();
  return text ? `?${text}` : '';
}

async function messageOf(response: Response): Promise<string> {
  const body: unknown = await response.json().catch(() => undefined);
  // The API answers `{ error: { code, message } }`; API Gateway's own refusals `{ message }`.
  if (body && typeof body === 'object') {
    const { message, error } = body as { message?: unknown; error?: unknown };
    const nested = error && typeof error === 'object' ? (error as { message?: unknown }).message : undefined;
    if (typeof nested === 'string' && nested) return nested;
    if (typeof message === 'string' && message) return message;
    if (typeof error === 'string' && error) return error;
  }
  return `HTTP ${response.status}`;
}

/** `path` is relative to the dashboard routes: `overview`, `departments/billing`. */
export function createApi(apiBase: string, auth: PageAuth, fetchFn: typeof fetch = fetch): DashboardApi {
  async function call<S extends z.ZodType>(method: 'GET' | 'POST', path: string, query: Query, body: unknown, schema: S): Promise<z.infer<S>> {
    const headers = auth.headers();
    if (!headers) throw new ApiError('session-ended', 401, 'Your session has expired.');
    let response: Response;
    try {
      response = await fetchFn(`${apiBase.replace(/\/+$/, '')}${DASHBOARD_ROUTE_PREFIX}${path}${queryString(query)}`, {
        method,
        credentials: 'same-origin',
        headers: { accept: 'application/json', ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    } catch (error) {
      throw new ApiError('unavailable', 0, error instanceof Error ? error.message : String(error));
    }
    if (!response.ok) throw new ApiError(kindOf(response.status), response.status, await messageOf(response));
    const parsed = schema.safeParse(await response.json().catch(() => undefined));
    if (!parsed.success) throw new ApiError('unexpected', response.status, `The API answered ${path} in a shape this page does not know: ${parsed.error.issues[0]?.path.join('.') ?? ''} ${parsed.error.issues[0]?.message ?? ''}`.trim());
    return parsed.data;
  }
  // A GET asked again while the same one is on its way joins it; a prefetched one waits, even
  // answered, for the first ask (the page's first data, fetched with the session at start).
  const inFlight = new Map<string, Promise<unknown>>();
  const prefetched = new Map<string, Promise<unknown>>();
  const get = <S extends z.ZodType>(path: string, query: Query, schema: S): Promise<z.infer<S>> => {
    const key = `${path}${queryString(query)}`;
    const ready = prefetched.get(key);
    if (ready) {
      prefetched.delete(key);
      return ready as Promise<z.infer<S>>;
    }
    const pending = inFlight.get(key);
    if (pending) return pending as Promise<z.infer<S>>;
    const started = call('GET', path, query, undefined, schema).finally(() => inFlight.delete(key));
    inFlight.set(key, started);
    return started;
  };
  return {
    get,
    post: (path, body, schema) => call('POST', path, {}, body, schema),
    prefetch: (path, query, schema) => {
      const started = get(path, query, schema);
      // Its failure is the asker's to show; unasked, it is dropped quietly.
      started.catch(() => undefined);
      prefetched.set(`${path}${queryString(query)}`, started);
    },
  };
}
