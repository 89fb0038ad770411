import { createHash, randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Message } from '@aws-sdk/client-sqs';
import type { APIGatewayProxyEventV2, Context, S3Event, ScheduledEvent, SQSRecord } from 'aws-lambda';
import { nextWindow, windowStart } from '../../shared/domain/scores';
import { DAILY_SUMMARY_SCHEDULE, DIGEST_SCHEDULE } from '../../shared/resources';

export const LOCAL_REGION = 'us-east-1';
export const LOCAL_ACCOUNT = '000000000000';

/** A Lambda context close enough to the real one for Powertools and our handlers. */
export function lambdaContext(functionName: string, timeoutSeconds: number): Context {
  const deadline = Date.now() + timeoutSeconds * 1000;
  return {
    callbackWaitsForEmptyEventLoop: false,
    functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:${LOCAL_REGION}:${LOCAL_ACCOUNT}:function:${functionName}`,
    memoryLimitInMB: '1024',
    awsRequestId: randomUUID(),
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: 'local',
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}

const TEXTUAL = /^(application\/(.+\+)?json|application\/x-www-form-urlencoded|text\/|application\/xml)/i;

/** The payload-v2 event API Gateway's HTTP API gives a Lambda proxy integration. */
export function httpApiEvent(req: IncomingMessage, body: Buffer, routeKey: string, pathParameters?: Record<string, string>): APIGatewayProxyEventV2 {
  const url = new URL(req.url ?? '/', 'http://localhost');
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(req.headers)) if (v !== undefined) headers[k.toLowerCase()] = Array.isArray(v) ? v.join(',') : v;
  const query: Record<string, string> = {};
  for (const [k, v] of url.searchParams) query[k] = k in query ? `${query[k]},${v}` : v;
  const textual = body.length === 0 || TEXTUAL.test(headers['content-type'] ?? '');
  const now = new Date();
  return {
    version: '2.0',
    routeKey,
    rawPath: url.pathname,
    rawQueryString: url.search.slice(1),
    headers,
    queryStringParameters: Object.keys(query).length ? query : undefined,
    pathParameters,
    requestContext: {
      accountId: LOCAL_ACCOUNT,
      apiId: 'local',
      domainName: headers.host ?? 'localhost',
      domainPrefix: 'local',
      http: {
        method: req.method ?? 'GET',
        path: url.pathname,
        protocol: `HTTP/${req.httpVersion}`,
        sourceIp: req.socket.remoteAddress ?? '127.0.0.1',
        userAgent: headers['user-agent'] ?? '',
      },
      requestId: randomUUID(),
      routeKey,
      stage: '$default',
      time: now.toUTCString(),
      timeEpoch: now.getTime(),
    },
    body: body.length ? (textual ? body.toString('utf8') : body.toString('base64')) : undefined,
    isBase64Encoded: !textual,
  };
}

/** The event S3 sends (to a function or a queue) when an object is created. */
export function objectCreatedEvent(bucket: string, key: string, size: number, etag: string, at: Date, configurationId: string): S3Event {
  return {
    Records: [
      {
        eventVersion: '2.1',
        eventSource: 'aws:s3',
        awsRegion: LOCAL_REGION,
        eventTime: at.toISOString(),
        eventName: 'ObjectCreated:Put',
        userIdentity: { principalId: 'AWS:local' },
        requestParameters: { sourceIPAddress: '127.0.0.1' },
        responseElements: { 'x-amz-request-id': randomUUID(), 'x-amz-id-2': randomUUID() },
        s3: {
          s3SchemaVersion: '1.0',
          configurationId,
          bucket: { name: bucket, ownerIdentity: { principalId: 'local' }, arn: `arn:aws:s3:::${bucket}` },
          // S3 URL-encodes keys in events, spaces as '+'.
          object: { key: encodeURIComponent(key).replace(/%2F/g, '/').replace(/%20/g, '+'), size, eTag: etag, sequencer: Date.now().toString(16).toUpperCase() },
        },
      },
    ],
  };
}

/** The record Lambda's SQS event source mapping builds from a received message. */
export function sqsRecord(message: Message, queueArn: string): SQSRecord {
  const attrs = message.Attributes ?? {};
  const body = message.Body ?? '';
  return {
    messageId: message.MessageId ?? randomUUID(),
    receiptHandle: message.ReceiptHandle ?? '',
    body,
    attributes: {
      ApproximateReceiveCount: attrs.ApproximateReceiveCount ?? '1',
      SentTimestamp: attrs.SentTimestamp ?? String(Date.now()),
      SenderId: attrs.SenderId ?? LOCAL_ACCOUNT,
      ApproximateFirstReceiveTimestamp: attrs.ApproximateFirstReceiveTimestamp ?? String(Date.now()),
    },
    messageAttributes: Object.fromEntries(
      Object.entries(message.MessageAttributes ?? {}).map(([name, v]) => [
        name,
        {
          dataType: v.DataType ?? 'String',
          stringValue: v.StringValue,
          binaryValue: v.BinaryValue ? Buffer.from(v.BinaryValue).toString('base64') : undefined,
          stringListValues: [],
          binaryListValues: [],
        },
      ]),
    ),
    md5OfBody: message.MD5OfBody ?? createHash('md5').update(body).digest('hex'),
    eventSource: 'aws:sqs',
    eventSourceARN: queueArn,
    awsRegion: LOCAL_REGION,
  };
}

/** The next instant the weekly digest schedule fires (DIGEST_SCHEDULE, UTC), after `now`. */
export function nextDigestTime(now: Date): Date {
  const day = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'].indexOf(DIGEST_SCHEDULE.weekDay);
  const at = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate(), Number(DIGEST_SCHEDULE.hour), Number(DIGEST_SCHEDULE.minute)));
  at.setUTCDate(at.getUTCDate() + ((day - at.getUTCDay() + 7) % 7));
  if (at <= now) at.setUTCDate(at.getUTCDate() + 7);
  return at;
}

/** Minutes since midnight that the wall clock of `zone` shows at `at`. */
function wallClockMinutes(at: Date, zone: string): number {
  const parts: Record<string, string> = {};
  for (const p of new Intl.DateTimeFormat('en-GB', { timeZone: zone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).formatToParts(at)) parts[p.type] = p.value;
  return Number(parts.hour) * 60 + Number(parts.minute);
}

/**
 * The next instant the daily summary schedule fires (DAILY_SUMMARY_SCHEDULE on the wall clock of
 * `zone`, as EventBridge Scheduler with ScheduleExpressionTimezone), after `now`. A DST change
 * happens at night, so the offset at 18:00 is corrected once from the day's midnight.
 */
export function nextDailySummaryTime(now: Date, zone: string): Date {
  const target = DAILY_SUMMARY_SCHEDULE.hour * 60 + DAILY_SUMMARY_SCHEDULE.minute;
  for (let day = windowStart(now, 'day', zone); ; day = nextWindow(day, 'day', zone)) {
    const guess = new Date(day.getTime() + target * 60_000);
    const at = new Date(guess.getTime() + (target - wallClockMinutes(guess, zone)) * 60_000);
    if (at > now) return at;
  }
}

/** The event EventBridge gives a scheduled Lambda target. */
export function scheduledEvent(time: Date, rule = 'customer-voice-weekly-digest'): ScheduledEvent {
  return {
    version: '0',
    id: randomUUID(),
    'detail-type': 'Scheduled Event',
    source: 'aws.events',
    account: LOCAL_ACCOUNT,
    time: time.toISOString(),
    region: LOCAL_REGION,
    resources: [`arn:aws:events:${LOCAL_REGION}:${LOCAL_ACCOUNT}:rule/${rule}`],
    detail: {},
  };
}
