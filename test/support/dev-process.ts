import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { isOurDynamo } from '../../cli/local/dynamodb';
import type { StackInfo } from '../../cli/local/stack';

const ROOT = resolve(import.meta.dirname, '../..');

export interface DevProcess {
  child: ChildProcess;
  info: StackInfo;
  output: () => string;
  exited: Promise<number | null>;
}

/** Runs `customer-voice dev` exactly as `npm start` does, on a free port (or `port`), and waits for the ready line. */
export async function startDev(dataDir: string, timeoutMs = 90_000, port = 0): Promise<DevProcess> {
  const child = spawn(process.execPath, [join(ROOT, 'bin/customer-voice.mjs'), 'dev'], {
    cwd: ROOT,
    env: { ...process.env, CV_DATA_DIR: dataDir, PORT: String(port) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
  const ready = await Promise.race([
    new Promise<string>((ok) => {
      const check = () => {
        const m = /customer-voice ready at (\S+)/.exec(out);
        if (m) ok(m[1]!);
        else setTimeout(check, 50);
      };
      check();
    }),
    exited.then((code) => {
      throw new Error(`dev exited early (code ${code}):\n${out}`);
    }),
    new Promise<never>((_, fail) => setTimeout(() => fail(new Error(`dev not ready after ${timeoutMs} ms:\n${out}`)), timeoutMs)),
  ]);
  const info = JSON.parse(await readFile(join(dataDir, 'stack.json'), 'utf8')) as StackInfo;
  if (info.apiUrl !== ready || info.pid !== child.pid) throw new Error(`stack.json does not describe this run: ${JSON.stringify(info)}`);
  return { child, info, output: () => out, exited };
}

/**
 * After a test that SIGKILLs `npm start` processes: kills those still running and the DynamoDB Local
 * the last one left behind (a SIGKILLed dev cannot reap its children; the next start would).
 */
export function reapDevProcesses(running: readonly DevProcess[], dataDir: string | undefined): void {
  for (const p of running) if (p.child.exitCode === null) p.child.kill('SIGKILL');
  if (!dataDir || !existsSync(join(dataDir, 'run.json'))) return;
  const { children } = JSON.parse(readFileSync(join(dataDir, 'run.json'), 'utf8')) as { children: number[] };
  for (const pid of children) if (isOurDynamo(pid)) process.kill(pid, 'SIGKILL');
}
