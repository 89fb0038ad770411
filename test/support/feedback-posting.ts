import { expect } from 'vitest';
import { call } from './http';

/**
 * Posts `count` items for one department of one day through POST /v1/feedback (100 a request),
 * cycling through `texts`, each made distinct by its prefix and index, spread over the hour.
 */
export async function postDepartmentItems(
  api: { apiUrl: string; ingestKey: string },
  items: { texts: readonly string[]; count: number; prefix: string; day: string; hour: number; department: string },
): Promise<void> {
  const { texts, count, prefix, day, hour, department } = items;
  const all = Array.from({ length: count }, (_, i) => ({
    text: `${texts[i % texts.length]} (${prefix}${i})`,
    externalId: `${prefix}-${i}`,
    department,
    occurredAt: `${day}T${String(hour).padStart(2, '0')}:${String(i % 60).padStart(2, '0')}:00Z`,
  }));
  for (let i = 0; i < all.length; i += 100) {
    const r = await call(`${api.apiUrl}/v1/feedback`, { key: api.ingestKey, body: { items: all.slice(i, i + 100) } });
    expect(r.status).toBe(202);
  }
}
