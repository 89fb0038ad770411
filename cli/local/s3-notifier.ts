import { readFile, rename, writeFile } from 'node:fs/promises';
import { ListObjectsV2Command, type S3Client } from '@aws-sdk/client-s3';
import { SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { objectCreatedEvent } from './lambda-events';
import { startPeriodicTask } from './periodic-task';
import { carryOverAnnouncements, type RestoredObject } from './s3-mirror';

export interface S3NotifierOptions {
  s3: S3Client;
  sqs: SQSClient;
  bucket: string;
  prefix: string;
  queueUrl: string;
  /** Which objects were already announced (key → ETag), so a restart does not announce them again. */
  stateFile: string;
  /** Objects the disk mirror put back at start: announced already if they were before the restart. */
  restored?: readonly RestoredObject[];
  intervalMs?: number;
  onError: (error: unknown) => void;
}

/**
 * S3's event notification to SQS, which the local S3 emulator does not send: the bucket prefix
 * is listed every `intervalMs` and each new or rewritten object (key and ETag) is announced on
 * the queue with the event S3 would send — whoever wrote it (a presigned PUT, the AWS CLI).
 */
export async function startS3Notifier(o: S3NotifierOptions): Promise<{ stop(): Promise<void>; scan(): Promise<number> }> {
  let announced: Record<string, string> = {};
  try {
    announced = JSON.parse(await readFile(o.stateFile, 'utf8')) as Record<string, string>;
  } catch {
    announced = {};
  }
  announced = carryOverAnnouncements(announced, o.restored ?? []);

  const scanOnce = async (): Promise<number> => {
    let sent = 0;
    let token: string | undefined;
    do {
      const page = await o.s3.send(new ListObjectsV2Command({ Bucket: o.bucket, Prefix: o.prefix, ContinuationToken: token }));
      for (const object of page.Contents ?? []) {
        const key = object.Key!;
        const etag = (object.ETag ?? '').replace(/"/g, '');
        if (announced[key] === etag) continue;
        const event = objectCreatedEvent(o.bucket, key, object.Size ?? 0, etag, object.LastModified ?? new Date(), 'exports');
        await o.sqs.send(new SendMessageCommand({ QueueUrl: o.queueUrl, MessageBody: JSON.stringify(event) }));
        announced[key] = etag;
        sent++;
      }
      token = page.NextContinuationToken;
    } while (token);
    if (sent > 0) {
      await writeFile(`${o.stateFile}.tmp`, JSON.stringify(announced));
      await rename(`${o.stateFile}.tmp`, o.stateFile);
    }
    return sent;
  };
  // One scan at a time: the timer and an explicit scan() share it.
  const periodicScan = startPeriodicTask(scanOnce, o.intervalMs ?? 500, o.onError);
  return { scan: periodicScan.run, stop: periodicScan.stop };
}
