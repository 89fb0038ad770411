/**
 * The upstream SQS emulator (fauxqs) as the durable proxy talks to it: forwarding a client's
 * request, calling an action itself (recovery, queue lookups), reading the inspection endpoint,
 * and piping through the traffic that is not SQS.
 */
import http from 'node:http';
import { HOP_BY_HOP, JSON_CT, sqsError, type UpstreamResponse } from './sqs-wire';

export class SqsUpstream {
  private readonly upstream: URL;
  private readonly agent: http.Agent;

  constructor(upstreamUrl: string) {
    this.upstream = new URL(upstreamUrl);
    if (this.upstream.protocol !== 'http:') throw new Error('durable-sqs: upstreamUrl must be http://');
    this.agent = new http.Agent({ keepAlive: true, maxSockets: 128 });
  }

  request(method: string, path: string, headers: http.OutgoingHttpHeaders, body: Buffer | undefined): Promise<UpstreamResponse> {
    const { upstream, agent } = this;
    return new Promise((resolve, reject) => {
      const req = http.request(
        { protocol: 'http:', hostname: upstream.hostname, port: upstream.port || 80, method, path, headers, agent },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => resolve({ status: res.statusCode ?? 502, headers: res.headers, body: Buffer.concat(chunks) }));
          res.on('error', reject);
        },
      );
      req.on('error', reject);
      req.end(body);
    });
  }

  async call(action: string, input: unknown): Promise<{ status: number; output: any }> {
    const body = Buffer.from(JSON.stringify(input));
    const res = await this.request(
      'POST',
      '/',
      {
        host: this.upstream.host,
        'content-type': JSON_CT,
        'x-amz-target': `AmazonSQS.${action}`,
        'x-amzn-query-mode': 'true',
        'content-length': body.length,
      },
      body,
    );
    let output: any = {};
    try {
      output = res.body.length > 0 ? JSON.parse(res.body.toString('utf8')) : {};
    } catch {
      output = {};
    }
    return { status: res.status, output };
  }

  /** The MessageIds in `queue` right now (ready, delayed, in flight), from fauxqs' inspection endpoint. */
  async snapshotMessageIds(queue: string): Promise<Set<string> | undefined> {
    try {
      const r = await this.request('GET', `/_fauxqs/queues/${encodeURIComponent(queue)}`, { host: this.upstream.host }, undefined);
      if (r.status !== 200) return undefined;
      const state = JSON.parse(r.body.toString('utf8')) as {
        messages?: { ready?: { messageId?: string }[]; delayed?: { messageId?: string }[]; inflight?: { message?: { messageId?: string } }[] };
      };
      const ids = new Set<string>();
      for (const m of state.messages?.ready ?? []) if (m.messageId) ids.add(m.messageId);
      for (const m of state.messages?.delayed ?? []) if (m.messageId) ids.add(m.messageId);
      for (const m of state.messages?.inflight ?? []) if (m.message?.messageId) ids.add(m.message.messageId);
      return ids;
    } catch {
      return undefined;
    }
  }

  forward(req: http.IncomingMessage, body: Buffer): Promise<UpstreamResponse> {
    const headers: http.OutgoingHttpHeaders = {};
    for (const [k, v] of Object.entries(req.headers)) {
      if (v !== undefined && !HOP_BY_HOP.has(k)) headers[k] = v;
    }
    headers.host = this.upstream.host; // fauxqs builds queue URLs from its own port, like its programmatic createQueue
    headers['content-length'] = body.length;
    return this.request(req.method ?? 'POST', req.url ?? '/', headers, body);
  }

  /** Non-SQS traffic (SNS, S3, health, inspection): streamed through unchanged. */
  pipeThrough(req: http.IncomingMessage, res: http.ServerResponse): void {
    const { upstream, agent } = this;
    const headers: http.OutgoingHttpHeaders = {};
    for (const [k, v] of Object.entries(req.headers)) {
      if (v !== undefined && k !== 'connection' && k !== 'keep-alive' && k !== 'proxy-connection') headers[k] = v;
    }
    const upReq = http.request(
      { protocol: 'http:', hostname: upstream.hostname, port: upstream.port || 80, method: req.method, path: req.url, headers, agent },
      (upRes) => {
        const h: http.OutgoingHttpHeaders = {};
        for (const [k, v] of Object.entries(upRes.headers)) {
          if (v !== undefined && k !== 'connection' && k !== 'keep-alive') h[k] = v;
        }
        res.writeHead(upRes.statusCode ?? 502, h);
        upRes.pipe(res);
      },
    );
    upReq.on('error', () => {
      if (!res.headersSent) sqsError(res, 502, 'ServiceUnavailable', 'Receiver', 'durable-sqs: upstream unreachable');
      else res.destroy();
    });
    req.pipe(upReq);
  }

  destroy(): void {
    this.agent.destroy();
  }
}
