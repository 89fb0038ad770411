/** The local stack a command talks to when no deployed stack is named: its stack.json in CV_DATA_DIR. */
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { localFunctionEnvironment } from '../local/local-aws';
import type { StackInfo } from '../local/stack';
import { UsageError } from './command';

export const dataDir = () => resolve(process.env.CV_DATA_DIR ?? '.local');

export async function localStackInfo(): Promise<StackInfo> {
  try {
    return JSON.parse(await readFile(join(dataDir(), 'stack.json'), 'utf8')) as StackInfo;
  } catch {
    throw new UsageError(`No local stack found in ${dataDir()}: run "npm start" first, or set the deployed stack's variables (see "customer-voice help").`);
  }
}

/** Lets a function's own handler, imported into this process, use the local stack's resources. */
export function pointAtLocalStack(info: StackInfo): void {
  Object.assign(process.env, localFunctionEnvironment(info), { POWERTOOLS_LOG_LEVEL: process.env.POWERTOOLS_LOG_LEVEL ?? 'WARN' });
}
