import { describe, expect, it } from 'vitest';
import { DynamoNotificationMarkers } from '../../shared/adapters/dynamo-notification-markers';
import { localControlTables } from '../support/local-control-table';

describe('DynamoNotificationMarkers (DynamoDB Local)', () => {
  const control = localControlTables('notify-markers');
  const t0 = new Date('2026-12-02T10:00:00.000Z');
  const later = (s: number) => new Date(t0.getTime() + s * 1000);

  it('leases a delivery to one worker, tells the others how long to wait, and never hands out a delivered one again', async () => {
    // Prepare
    const markers = new DynamoNotificationMarkers(control.doc(), control.table());
    // Act / Assess
    expect(await markers.acquire('k1', t0, 60)).toEqual({ state: 'acquired' });
    expect(await markers.acquire('k1', later(10), 60)).toEqual({ state: 'busy', retryInSeconds: 51 });
    await markers.complete('k1', later(12));
    expect(await markers.acquire('k1', later(13), 60)).toEqual({ state: 'delivered' });
    // A delivered marker survives a stray release and a long-expired lease.
    await markers.release('k1');
    expect(await markers.acquire('k1', later(100_000), 60)).toEqual({ state: 'delivered' });
  });

  it('lets a retry take the lease once it is released, or once a crashed worker’s lease has run out', async () => {
    // Prepare
    const markers = new DynamoNotificationMarkers(control.doc(), control.table());
    await markers.acquire('k2', t0, 60);
    // Act / Assess: released after a failure.
    await markers.release('k2');
    expect(await markers.acquire('k2', later(1), 60)).toEqual({ state: 'acquired' });
    // A worker that dies holding it: the next one waits for the lease to end, then takes it.
    expect((await markers.acquire('k2', later(30), 60)).state).toBe('busy');
    expect(await markers.acquire('k2', later(62), 60)).toEqual({ state: 'acquired' });
  });
});
