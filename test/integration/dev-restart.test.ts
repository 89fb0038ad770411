import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { isOurDynamo } from '../../cli/local/dynamodb';
import { call, eventually, tempDir } from '../support/http';
import { reapDevProcesses, startDev, type DevProcess } from '../support/dev-process';
import { stackState } from '../support/stack-state';

const running: DevProcess[] = [];
let dir: Awaited<ReturnType<typeof tempDir>> | undefined;

afterAll(async () => {
  reapDevProcesses(running, dir?.path);
  await dir?.remove();
});

async function countFor(p: DevProcess, department: string): Promise<number> {
  const r = await call(`${p.info.apiUrl}/v1/scores?department=${department}&granularity=week&from=2026-05-04T00:00:00Z&to=2026-05-10T00:00:00Z`, {
    key: p.info.keys.read,
  });
  return r.body.series?.[0]?.count ?? 0;
}

describe('customer-voice dev (npm start)', () => {
  it('keeps every 202-accepted item and the keys across a SIGKILL, and stops its children on SIGTERM', async () => {
    dir = await tempDir('restart');
    // Prepare: a running stack.
    const first = await startDev(dir.path);
    running.push(first);
    const items = Array.from({ length: 300 }, (_, i) => ({ text: `Facture ${i} erronée, prélevé deux fois`, externalId: `k-${i}`, occurredAt: '2026-05-06T10:00:00Z' }));

    // Act: accept 300 items, then kill the whole stack at once, before the queue can drain.
    const posted = await Promise.all(
      [0, 100, 200].map((s) => call(`${first.info.apiUrl}/v1/feedback`, { key: first.info.keys.ingest, body: { items: items.slice(s, s + 100) } })),
    );
    expect(posted.map((p) => p.status)).toEqual([202, 202, 202]);
    first.child.kill('SIGKILL');
    await first.exited;

    const second = await startDev(dir.path);
    running.push(second);

    // Assess: messages were still queued at the kill and came back from the journal...
    const requeued = Number(/re-queued (\d+) message/.exec(second.output())?.[1] ?? 0);
    expect(requeued).toBeGreaterThan(0);
    // ...the keys are the same, and all 300 are counted exactly once after the restart.
    expect(second.info.keys).toEqual(first.info.keys);
    const state = stackState(second.info);
    await state.drained();
    expect(await countFor(second, 'billing')).toBe(300);
    expect(await state.drift()).toEqual([]);
    state.close();

    // The CLI talks to the same stack through stack.json: send a file, read the scores table.
    const file = join(dir.path, 'one.json');
    writeFileSync(file, JSON.stringify({ text: 'Facture 301 encore fausse', externalId: 'k-301', occurredAt: '2026-05-06T11:00:00Z' }));
    const cli = (...args: string[]) =>
      spawnSync(process.execPath, [join(import.meta.dirname, '../../bin/customer-voice.mjs'), ...args], { env: { ...process.env, CV_DATA_DIR: dir!.path }, encoding: 'utf8' });
    const sent = cli('send', file);
    expect(sent.status).toBe(0);
    expect(JSON.parse(sent.stdout).accepted).toHaveLength(1);
    await eventually('301 billing items', async () => ((await countFor(second, 'billing')) === 301 ? true : undefined), 30_000, 250);
    const table = cli('scores', '--department', 'billing', '--granularity', 'week', '--from', '2026-05-04T00:00:00Z', '--to', '2026-05-10T00:00:00Z');
    expect(table.status).toBe(0);
    expect(table.stdout).toMatch(/^2026-05-04T00:00:00\.000Z\s+301\s/m);
    const unknown = cli('scores', '--department', 'legal');
    expect(unknown.status).toBe(1);
    expect(unknown.stdout).toContain('not_found');

    // And a clean stop takes DynamoDB Local with it.
    const { children } = JSON.parse(readFileSync(join(dir.path, 'run.json'), 'utf8')) as { children: number[] };
    second.child.kill('SIGTERM');
    expect(await second.exited).toBe(0);
    await eventually('children gone', async () => (children.every((pid) => !isOurDynamo(pid)) ? true : undefined), 10_000);
    // Two cold starts of the dev stack, 300 items and three CLI processes: slow on a busy 2-core runner.
  }, 180_000);
});
