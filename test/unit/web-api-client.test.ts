import * as z from 'zod';
import { describe, expect, it } from 'vitest';
import { ApiError, createApi } from '../../web/src/api/client';
import type { PageAuth } from '../../web/src/auth/page-auth';

const auth = (headers: Record<string, string> | undefined): PageAuth => ({ kind: 'cognito', headers: () => headers, signInAgain: async () => {}, signOut: async () => {} });

function fetchAnswering(status: number, body: unknown, seen: { url: string; init?: RequestInit }[] = []): typeof fetch {
  return async (input, init) => {
    seen.push({ url: String(input), init });
    return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
  };
}

const Schema = z.object({ n: z.number() });

describe('the page API client', () => {
  it('calls the dashboard route with the query and the bearer, and answers the parsed body', async () => {
    // Prepare
    const seen: { url: string; init?: RequestInit }[] = [];
    const api = createApi('https://api.example.com/', auth({ authorization: 'Bearer t' }), fetchAnswering(200, { n: 3 }, seen));

    // Act
    const answer = await api.get('overview', { period: 'week', zone: 'UTC', at: undefined }, Schema);

    // Assess
    expect(answer).toEqual({ n: 3 });
    expect(seen[0]!.url).toBe('https://api.example.com/v1/dashboard/overview?period=week&zone=UTC');
    expect(seen[0]!.init?.headers).toMatchObject({ authorization: 'Bearer t' });
    expect(seen[0]!.init?.credentials).toBe('same-origin');
  });

  it('turns each refusal into its kind with the API message: 401 session ended, 403 forbidden, 409 conflict, 400 refused', async () => {
    for (const [status, body, kind, message] of [
      [401, { message: 'Unauthorized' }, 'session-ended', 'Unauthorized'],
      [403, { error: { code: 'forbidden', message: 'billing is not yours' } }, 'forbidden', 'billing is not yours'],
      [409, { error: { code: 'conflict', message: 'resolved by ops@example.com' } }, 'conflict', 'resolved by ops@example.com'],
      [400, { error: { code: 'invalid_request', message: 'owner must be an email address.' } }, 'refused', 'owner must be an email address.'],
    ] as const) {
      // Act
      const error = await createApi('', auth({}), fetchAnswering(status, body))
        .post('incidents/x/assign', { owner: 'nope' }, Schema)
        .catch((e: unknown) => e);

      // Assess
      expect(error).toBeInstanceOf(ApiError);
      expect(error).toMatchObject({ kind, status, message });
    }
  });

  it('refuses an answer that does not match the contract schema, naming the field', async () => {
    // Act
    const error = await createApi('', auth({}), fetchAnswering(200, { n: 'three' }))
      .get('overview', {}, Schema)
      .catch((e: unknown) => e);

    // Assess
    expect(error).toMatchObject({ kind: 'unexpected' });
    expect((error as Error).message).toMatch(/overview.*\bn\b/);
  });

  it('does not call the API with an expired sign-in: the session has ended', async () => {
    // Prepare
    const seen: { url: string }[] = [];

    // Act
    const error = await createApi('', auth(undefined), fetchAnswering(200, { n: 1 }, seen))
      .get('session', {}, Schema)
      .catch((e: unknown) => e);

    // Assess
    expect(error).toMatchObject({ kind: 'session-ended' });
    expect(seen).toEqual([]);
  });
});

describe('the page API client, asked the same GET twice', () => {
  it('joins the request still on its way (the overview fetched beside the session), and asks again once it has come back', async () => {
    // Prepare: a server that answers only when told to.
    const seen: { url: string; init?: RequestInit }[] = [];
    const waiting: (() => void)[] = [];
    const answer = () => waiting.splice(0).forEach((respond) => respond());
    const slow: typeof fetch = (input, init) => {
      seen.push({ url: String(input), init });
      const n = seen.length;
      return new Promise((resolve) => waiting.push(() => resolve(new Response(JSON.stringify({ n }), { status: 200 }))));
    };
    const api = createApi('', auth({}), slow);

    // Act
    const early = api.get('overview', { period: 'week', zone: 'local' }, Schema);
    const page = api.get('overview', { period: 'week', zone: 'local' }, Schema);
    const other = api.get('overview', { period: 'month', zone: 'local' }, Schema);
    answer();
    await Promise.all([early, other]);
    const later = api.get('overview', { period: 'week', zone: 'local' }, Schema);
    answer();

    // Assess: one request for the two first asks, a new one for another query and after the answer.
    expect(await page).toBe(await early);
    expect(seen.map((s) => s.url)).toEqual(['/v1/dashboard/overview?period=week&zone=local', '/v1/dashboard/overview?period=month&zone=local', '/v1/dashboard/overview?period=week&zone=local']);
    expect(await later).toEqual({ n: 3 });
  });
});

describe('the page API client, prefetching', () => {
  it('keeps a prefetched answer for the first ask, even when it came back before, then asks the server again', async () => {
    // Prepare
    const seen: { url: string; init?: RequestInit }[] = [];
    const api = createApi('', auth({}), fetchAnswering(200, { n: 7 }, seen));

    // Act: the answer is in before the page asks.
    api.prefetch('session', {}, Schema);
    await new Promise((resolve) => setTimeout(resolve, 10));
    const first = await api.get('session', {}, Schema);
    const second = await api.get('session', {}, Schema);

    // Assess
    expect(first).toEqual({ n: 7 });
    expect(second).toEqual({ n: 7 });
    expect(seen.map((s) => s.url)).toEqual(['/v1/dashboard/session', '/v1/dashboard/session']);
  });

  it('hands a prefetched failure to the first ask, and none unasked', async () => {
    const api = createApi('', auth({}), fetchAnswering(403, { error: { code: 'forbidden', message: 'not yours' } }));
    api.prefetch('overview', { period: 'week' }, Schema);
    api.prefetch('session', {}, Schema);
    await expect(api.get('overview', { period: 'week' }, Schema)).rejects.toMatchObject({ kind: 'forbidden', message: 'not yours' });
  });
});
