import http from 'node:http';
import type { AddressInfo } from 'node:net';

/** DynamoDB actions that consume read capacity. */
const READ_ACTIONS = new Set(['GetItem', 'Query', 'Scan', 'BatchGetItem', 'TransactGetItems']);

export interface DynamoMeter {
  /** Endpoint to give the functions instead of DynamoDB Local's own. */
  readonly url: string;
  /** Read capacity units consumed so far, as DynamoDB reports them (ReturnConsumedCapacity). */
  readUnits(): number;
  /** Requests so far, by action. */
  requestCounts(): Record<string, number>;
  /** With `record`: every request so far, its action and its JSON input, in arrival order. */
  requests(): DynamoRequest[];
  close(): Promise<void>;
}

export interface DynamoRequest {
  /** The operation (X-Amz-Target without its version prefix), e.g. GetItem. */
  action: string;
  input: Record<string, unknown>;
}

type Capacity = { CapacityUnits?: number } | { CapacityUnits?: number }[] | undefined;
const unitsOf = (capacity: Capacity): number =>
  (Array.isArray(capacity) ? capacity : capacity ? [capacity] : []).reduce((sum, c) => sum + (c.CapacityUnits ?? 0), 0);

/**
 * A pass-through proxy in front of DynamoDB Local that measures what the code reads: every read
 * request is sent with ReturnConsumedCapacity=TOTAL and the units DynamoDB reports are summed.
 * The functions' own requests are measured as they are, without touching their code. Writes
 * are only counted: DynamoDB Local prices a transaction at 2 units per table whatever it
 * holds, so the bench measures write units by replaying the store's writes instead.
 */
export async function startDynamoMeter(upstreamUrl: string, options: { record?: boolean } = {}): Promise<DynamoMeter> {
  const upstream = new URL(upstreamUrl);
  const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });
  const requests: Record<string, number> = {};
  let readUnits = 0;
  // Kept only when asked (a test checking what the functions touch): a bench would hold every item written.
  const recorded: DynamoRequest[] = [];

  const server = http.createServer((req, res) => {
    const target = String(req.headers['x-amz-target'] ?? '');
    const action = target.split('.')[1] ?? 'unknown';
    requests[action] = (requests[action] ?? 0) + 1;
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      let body = Buffer.concat(chunks);
      const metered = READ_ACTIONS.has(action);
      if (options.record) {
        try {
          recorded.push({ action, input: JSON.parse(body.toString('utf8')) as Record<string, unknown> });
        } catch {
          recorded.push({ action, input: {} });
        }
      }
      if (metered) {
        try {
          const input = JSON.parse(body.toString('utf8')) as Record<string, unknown>;
          input.ReturnConsumedCapacity ??= 'TOTAL';
          body = Buffer.from(JSON.stringify(input));
        } catch {
          // Not JSON: DynamoDB Local answers the caller's mistake itself.
        }
      }
      const up = http.request(
        {
          hostname: upstream.hostname,
          port: upstream.port,
          method: req.method,
          path: req.url,
          agent,
          headers: { ...req.headers, host: upstream.host, 'content-length': String(body.length) },
        },
        (upRes) => {
          const out: Buffer[] = [];
          upRes.on('data', (c: Buffer) => out.push(c));
          upRes.on('end', () => {
            const payload = Buffer.concat(out);
            if (metered && upRes.statusCode === 200) {
              try {
                readUnits += unitsOf((JSON.parse(payload.toString('utf8')) as { ConsumedCapacity?: Capacity }).ConsumedCapacity);
              } catch {
                // An unreadable answer is the caller's to deal with; it just is not metered.
              }
            }
            res.writeHead(upRes.statusCode ?? 502, upRes.headers);
            res.end(payload);
          });
        },
      );
      up.on('error', (error) => {
        res.writeHead(502, { 'content-type': 'application/x-amz-json-1.0' });
        res.end(JSON.stringify({ __type: 'com.amazonaws.dynamodb.v20120810#InternalServerError', message: `dynamo-meter: ${error.message}` }));
      });
      up.end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    readUnits: () => readUnits,
    requestCounts: () => ({ ...requests }),
    requests: () => [...recorded],
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
        agent.destroy();
      }),
  };
}
