import { createHmac } from 'node:crypto';

/** Canonical form of an email or handle so "Jane@Example.com " and "jane@example.com" hash alike. */
export function normaliseCustomerId(id: string): string {
  return id.normalize('NFKC').trim().toLowerCase();
}

/**
 * Keyed hash (HMAC-SHA256 with the deployment's secret salt) of a customer identifier.
 * Unlike a plain hash it cannot be reversed by hashing a list of known addresses,
 * yet the same customer always maps to the same value, which erasure relies on.
 */
export function hashCustomerId(id: string, salt: string): string {
  return `cus_${createHmac('sha256', salt).update(normaliseCustomerId(id)).digest('hex').slice(0, 40)}`;
}
