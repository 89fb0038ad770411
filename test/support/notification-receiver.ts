import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedRequest {
  path: string;
  headers: IncomingHttpHeaders;
  /** The raw bytes, as signed. */
  body: Buffer;
  at: number;
  /** The status the receiver answered. */
  status: number;
}

/** What the receiver answers to the n-th request (0-based) on a path: a status and headers. */
export type Script = (n: number) => { status: number; headers?: Record<string, string>; body?: string };

/**
 * A real HTTP receiver on 127.0.0.1 (port 0) standing in for Slack, Teams or a customer's
 * webhook: it records every request with its raw body and answers as each path's script says
 * (200 when none).
 */
export async function startReceiver(): Promise<{ url: (path: string) => string; requests: ReceivedRequest[]; script: (path: string, s: Script) => void; close(): Promise<void> }> {
  const requests: ReceivedRequest[] = [];
  const scripts = new Map<string, Script>();
  const counts = new Map<string, number>();
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const path = req.url ?? '/';
      const n = counts.get(path) ?? 0;
      counts.set(path, n + 1);
      const answer = scripts.get(path)?.(n) ?? { status: 200 };
      requests.push({ path, headers: req.headers, body: Buffer.concat(chunks), at: Date.now(), status: answer.status });
      res.writeHead(answer.status, { 'content-type': 'text/plain', ...answer.headers });
      res.end(answer.body ?? (answer.status < 300 ? 'ok' : 'no'));
    });
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', () => ok()));
  const { port } = server.address() as AddressInfo;
  return {
    url: (path) => `http://127.0.0.1:${port}${path}`,
    requests,
    script: (path, s) => scripts.set(path, s),
    close: () =>
      new Promise<void>((ok) => {
        server.close(() => ok());
        server.closeAllConnections();
      }),
  };
}
