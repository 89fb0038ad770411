import { describe, expect, it } from 'vitest';
import { createAuthenticator } from '../../shared/app/authenticate';
import { generateApiKey, hashApiKey, type ApiKeyRecord } from '../../shared/domain/api-keys';
import { ForbiddenError, UnauthenticatedError } from '../../shared/domain/failures';
import type { ControlStore } from '../../shared/ports/stores';

class MemoryControlStore implements ControlStore {
  readonly records = new Map<string, ApiKeyRecord>();
  lookups = 0;
  async findApiKey(hash: string) {
    this.lookups++;
    return this.records.get(hash);
  }
  async putApiKey(r: ApiKeyRecord) {
    this.records.set(r.keyHash, r);
  }
  async customerSalt() {
    return 'salt';
  }
}

function setup() {
  const store = new MemoryControlStore();
  const ingestKey = generateApiKey('ingest');
  const adminKey = generateApiKey('admin');
  for (const [key, role] of [
    [ingestKey, 'ingest'],
    [adminKey, 'admin'],
  ] as const) {
    void store.putApiKey({ keyHash: hashApiKey(key), role, source: `src-${role}`, createdAt: '2026-01-01T00:00:00Z' });
  }
  return { store, ingestKey, adminKey };
}

describe('createAuthenticator', () => {
  it('resolves a known key to its caller and stores only the hash', async () => {
    const { store, ingestKey } = setup();
    const caller = await createAuthenticator(store)(ingestKey, 'ingest');
    expect(caller).toEqual({ role: 'ingest', source: 'src-ingest' });
    expect(JSON.stringify([...store.records.values()])).not.toContain(ingestKey);
  });

  it('refuses an ingest key on a read route with 403 and says which role is needed', async () => {
    const { store, ingestKey } = setup();
    await expect(createAuthenticator(store)(ingestKey, 'read')).rejects.toThrow(ForbiddenError);
    await expect(createAuthenticator(store)(ingestKey, 'read')).rejects.toThrow(/needs "read"/);
  });

  it('lets admin do what read may', async () => {
    const { store, adminKey } = setup();
    await expect(createAuthenticator(store)(adminKey, 'read')).resolves.toMatchObject({ role: 'admin' });
  });

  it('rejects unknown, malformed and disabled keys with 401', async () => {
    const { store, ingestKey } = setup();
    const auth = createAuthenticator(store, { cacheTtlMs: 0 });
    await expect(auth(generateApiKey('ingest'), 'ingest')).rejects.toThrow(UnauthenticatedError);
    await expect(auth('hunter2', 'ingest')).rejects.toThrow(/malformed/);
    store.records.get(hashApiKey(ingestKey))!.disabled = true;
    await expect(auth(ingestKey, 'ingest')).rejects.toThrow(UnauthenticatedError);
  });

  it('caches lookups for the TTL, then reads again', async () => {
    const { store, ingestKey } = setup();
    let now = 0;
    const auth = createAuthenticator(store, { cacheTtlMs: 1000, now: () => now });
    await auth(ingestKey, 'ingest');
    await auth(ingestKey, 'ingest');
    expect(store.lookups).toBe(1);
    now = 1001;
    await auth(ingestKey, 'ingest');
    expect(store.lookups).toBe(2);
  });
});
