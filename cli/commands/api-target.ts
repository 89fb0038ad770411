/** The HTTP API a command calls: the deployed one (CV_API_URL, CV_API_KEY) or the local stack's. */
import type { ApiRole } from '../../shared/domain/api-keys';
import { localStackInfo } from './local-stack-info';

export async function target(role: ApiRole): Promise<{ apiUrl: string; key: string }> {
  if (process.env.CV_API_URL && process.env.CV_API_KEY) return { apiUrl: process.env.CV_API_URL, key: process.env.CV_API_KEY };
  const info = await localStackInfo();
  return { apiUrl: info.apiUrl, key: info.keys[role] };
}

export async function printResponse(res: Response): Promise<void> {
  const text = await res.text();
  process.stdout.write(`${text}\n`);
  if (!res.ok) process.exitCode = 1;
}
