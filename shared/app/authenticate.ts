import { hashApiKey, keyMatches, looksLikeApiKey, roleAllows, type ApiKeyRecord, type ApiRole } from '../domain/api-keys';
import { ForbiddenError, UnauthenticatedError } from '../domain/failures';
import type { ControlStore } from '../ports/stores';

export interface Caller {
  role: ApiRole;
  source: string;
}

/**
 * Resolves an `x-api-key` to its caller and checks the role. Lookups are cached per container
 * for a short time so a burst of requests costs one read, while a disabled key stops working
 * within `cacheTtlMs`.
 */
export function createAuthenticator(store: ControlStore, options: { cacheTtlMs?: number; now?: () => number } = {}) {
  const ttl = options.cacheTtlMs ?? 60_000;
  const now = options.now ?? Date.now;
  const cache = new Map<string, { record: ApiKeyRecord | undefined; until: number }>();

  return async function authenticate(key: string, needed: ApiRole): Promise<Caller> {
    if (!looksLikeApiKey(key)) throw new UnauthenticatedError('The API key is malformed; keys look like "cv_<role>_<43 characters>".');
    const hash = hashApiKey(key);
    let hit = cache.get(hash);
    if (!hit || hit.until < now()) {
      hit = { record: await store.findApiKey(hash), until: now() + ttl };
      if (cache.size > 1000) cache.clear();
      cache.set(hash, hit);
    }
    const record = hit.record;
    if (!record || !keyMatches(key, record)) throw new UnauthenticatedError('Unknown or disabled API key.');
    if (!roleAllows(record.role, needed)) {
      throw new ForbiddenError(`This key has the "${record.role}" role; this route needs "${needed}".`);
    }
    return { role: record.role, source: record.source };
  };
}
export type Authenticate = ReturnType<typeof createAuthenticator>;
