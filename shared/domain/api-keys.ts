import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

export const API_ROLES = ['ingest', 'read', 'admin'] as const;
export type ApiRole = (typeof API_ROLES)[number];

export interface ApiKeyRecord {
  /** SHA-256 (hex) of the key; the key itself is never stored. */
  keyHash: string;
  role: ApiRole;
  /** Which feedback source or reader holds this key (e.g. "crm", "zendesk", "officer-dashboard"). */
  source: string;
  createdAt: string;
  disabled?: boolean;
  disabledAt?: string;
}

const KEY_PATTERN = /^cv_[a-z]+_[A-Za-z0-9_-]{43}$/;

export function generateApiKey(role: ApiRole): string {
  return `cv_${role}_${randomBytes(32).toString('base64url')}`;
}

export function hashApiKey(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}

export function looksLikeApiKey(key: string): boolean {
  return KEY_PATTERN.test(key);
}

/** Which roles may call a route: admin may do anything a narrower role may. */
export function roleAllows(held: ApiRole, needed: ApiRole): boolean {
  return held === needed || held === 'admin';
}

/**
 * Compares the presented key's hash with the stored hash in constant time. The lookup is by
 * hash, so this guards against a store that returns a near match (prefix/collation) and keeps
 * the comparison's timing independent of where two hashes differ.
 */
export function keyMatches(presented: string, record: ApiKeyRecord): boolean {
  const a = Buffer.from(hashApiKey(presented), 'hex');
  const b = Buffer.from(record.keyHash, 'hex');
  return a.length === b.length && timingSafeEqual(a, b) && !record.disabled;
}
