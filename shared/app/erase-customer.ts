import { randomUUID } from 'node:crypto';
import * as z from 'zod';
import { hashCustomerId } from '../domain/customer';
import { describeIssues } from '../domain/feedback';
import { InvalidRequestError } from '../domain/failures';
import type { CustomerDataStore } from '../ports/stores';

const ErasureRequestSchema = z.object({ customer: z.string().trim().min(1, 'customer is the email or handle to erase').max(320) }).strict();

export interface ErasureReceipt {
  erasureId: string;
  /** The salted hash the items were found by; the raw identifier is neither stored nor echoed. */
  customerHash: string;
  at: string;
  itemsAnonymised: number;
  verbatimRowsDeleted: number;
  /** Raw emails the items came from, deleted from the raw bucket. */
  rawObjectsDeleted: number;
  /** The aggregates keep counting the items anonymously, so scores do not change. */
  aggregates: 'kept-as-anonymous-counts';
}

/**
 * GDPR erasure by identifier: hashes it the way ingestion did, anonymises every item of that
 * customer and deletes their verbatims, and records a receipt (without the identifier).
 */
export async function eraseCustomer(
  body: unknown,
  deps: {
    customerSalt: () => Promise<string>;
    store: CustomerDataStore;
    deleteRawObjects: (keys: readonly string[]) => Promise<number>;
    recordReceipt: (r: ErasureReceipt) => Promise<void>;
    now?: () => Date;
  },
): Promise<ErasureReceipt> {
  const parsed = ErasureRequestSchema.safeParse(body);
  if (!parsed.success) throw new InvalidRequestError('invalid_erasure', describeIssues(parsed.error));
  const at = (deps.now ?? (() => new Date()))();
  const customerHash = hashCustomerId(parsed.data.customer, await deps.customerSalt());
  const { rawObjects, ...outcome } = await deps.store.eraseCustomer(customerHash, at);
  const rawObjectsDeleted = await deps.deleteRawObjects(rawObjects);
  const receipt: ErasureReceipt = {
    erasureId: randomUUID(),
    customerHash,
    at: at.toISOString(),
    ...outcome,
    rawObjectsDeleted,
    aggregates: 'kept-as-anonymous-counts',
  };
  await deps.recordReceipt(receipt);
  return receipt;
}
