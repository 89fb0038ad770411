/**
 * The HTTP side of the AWS JSON 1.0 protocol that @aws-sdk/client-sqs speaks: reading a request
 * body, answering with an upstream response or an SQS-shaped error.
 */
import http from 'node:http';

export interface UpstreamResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

export const HOP_BY_HOP = new Set([
  'connection',
  'keep-alive',
  'proxy-connection',
  'transfer-encoding',
  'te',
  'trailer',
  'upgrade',
  'expect',
  'content-length',
]);
const MAX_REQUEST_BYTES = 16 * 1024 * 1024;
export const JSON_CT = 'application/x-amz-json-1.0';

export function readBody(req: http.IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let len = 0;
    req.on('data', (c: Buffer) => {
      len += c.length;
      if (len > MAX_REQUEST_BYTES) {
        reject(new Error('request body too large'));
        req.destroy();
        return;
      }
      chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

export function sqsError(res: http.ServerResponse, status: number, code: string, fault: 'Sender' | 'Receiver', message: string): void {
  const body = Buffer.from(JSON.stringify({ __type: `com.amazonaws.sqs#${code}`, message }));
  res.writeHead(status, {
    'content-type': JSON_CT,
    'x-amzn-query-error': `${code};${fault}`,
    'content-length': body.length,
  });
  res.end(body);
}

export function reply(res: http.ServerResponse, up: UpstreamResponse): void {
  const headers: http.OutgoingHttpHeaders = {};
  for (const [k, v] of Object.entries(up.headers)) {
    if (v !== undefined && !HOP_BY_HOP.has(k)) headers[k] = v;
  }
  headers['content-length'] = up.body.length;
  res.writeHead(up.status, headers);
  res.end(up.body);
}
