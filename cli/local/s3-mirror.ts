import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { dirname, join, relative, sep } from 'node:path';
import { GetObjectCommand, ListObjectsV2Command, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { startPeriodicTask } from './periodic-task';

/**
 * The local S3 emulator keeps objects in memory only; the stack's data directory must survive a
 * restart (raw emails, export files still being read). This mirrors one bucket to disk: every
 * `intervalMs` new or rewritten objects are copied down and deleted ones removed, and at start
 * the mirror is put back into the emulator. Objects written less than `intervalMs` before a
 * crash can be lost (unlike queued messages, which the SQS journal keeps).
 *
 * On disk: `<dir>/<key>` for the bytes, and `<dir>.etags.json` mapping each key to the ETag it
 * had when copied, so a restored object (whose ETag the emulator recomputes) can be recognised.
 */
export interface S3MirrorOptions {
  s3: S3Client;
  bucket: string;
  dir: string;
  intervalMs?: number;
  onError: (error: unknown) => void;
}

export interface RestoredObject {
  key: string;
  /** The ETag the object had before the restart, and the one the emulator gave it now. */
  previousEtag: string;
  etag: string;
}

const etagOf = (raw: string | undefined) => (raw ?? '').replace(/"/g, '');
/** Keys are mirrored as relative paths; a key that would escape the directory is not mirrored. */
const safePath = (dir: string, key: string) => {
  const path = join(dir, key);
  return relative(dir, path).startsWith('..') || key.endsWith('/') ? undefined : path;
};

async function filesUnder(dir: string): Promise<string[]> {
  try {
    const entries = await readdir(dir, { recursive: true, withFileTypes: true });
    return entries.filter((e) => e.isFile()).map((e) => relative(dir, join(e.parentPath, e.name)).split(sep).join('/'));
  } catch {
    return [];
  }
}

export async function startS3Mirror(o: S3MirrorOptions): Promise<{ restored: RestoredObject[]; sync(): Promise<void>; stop(): Promise<void> }> {
  const etagsFile = `${o.dir}.etags.json`;
  const partialDir = `${o.dir}.partial`;
  await mkdir(partialDir, { recursive: true });
  await mkdir(o.dir, { recursive: true });
  let etags: Record<string, string> = {};
  try {
    etags = JSON.parse(await readFile(etagsFile, 'utf8')) as Record<string, string>;
  } catch {
    etags = {};
  }
  const saveEtags = async () => {
    await writeFile(`${etagsFile}.tmp`, JSON.stringify(etags));
    await rename(`${etagsFile}.tmp`, etagsFile);
  };

  // Restore: what was mirrored goes back into the (empty) emulator.
  const restored: RestoredObject[] = [];
  for (const key of await filesUnder(o.dir)) {
    const path = join(o.dir, key);
    const put = await o.s3.send(new PutObjectCommand({ Bucket: o.bucket, Key: key, Body: createReadStream(path), ContentLength: (await stat(path)).size }));
    const etag = etagOf(put.ETag);
    restored.push({ key, previousEtag: etags[key] ?? etag, etag });
    etags[key] = etag;
  }
  if (restored.length > 0) await saveEtags();

  /** Copies one listed object down; false when it was deleted between the listing and now (erasure). */
  const copyDown = async (key: string, path: string): Promise<boolean> => {
    const out = await o.s3.send(new GetObjectCommand({ Bucket: o.bucket, Key: key })).catch((error: unknown) => {
      if ((error as { name?: string }).name === 'NoSuchKey') return undefined;
      throw error;
    });
    if (!out) return false;
    await mkdir(dirname(path), { recursive: true });
    // Written beside the mirror, then renamed in: a crash never leaves a half object to restore.
    const partial = join(partialDir, createHash('sha256').update(key).digest('hex'));
    // Streamed: an export file can be hundreds of megabytes.
    await pipeline(out.Body as Readable, createWriteStream(partial));
    await rename(partial, path);
    return true;
  };

  const syncOnce = async () => {
    const seen = new Set<string>();
    let changed = false;
    let token: string | undefined;
    // What was copied is recorded even when a later object fails the pass: its ETag is already in
    // memory, so no later pass would see it as changed and save it.
    try {
      do {
        const page = await o.s3.send(new ListObjectsV2Command({ Bucket: o.bucket, ContinuationToken: token }));
        for (const object of page.Contents ?? []) {
          const key = object.Key!;
          const etag = etagOf(object.ETag);
          if (etags[key] === etag) {
            seen.add(key);
            continue;
          }
          const path = safePath(o.dir, key);
          if (!path || !(await copyDown(key, path))) continue;
          seen.add(key);
          etags[key] = etag;
          changed = true;
        }
        token = page.NextContinuationToken;
      } while (token);
      // Deleted in the bucket (erasure of raw emails): deleted on disk too.
      for (const key of Object.keys(etags)) {
        if (seen.has(key)) continue;
        const path = safePath(o.dir, key);
        if (path) await rm(path, { force: true });
        delete etags[key];
        changed = true;
      }
    } finally {
      if (changed) await saveEtags();
    }
  };
  const periodicSync = startPeriodicTask(syncOnce, o.intervalMs ?? 500, o.onError);
  return {
    restored,
    sync: periodicSync.run,
    stop: async () => {
      await periodicSync.stop();
      // A last copy, so a clean stop loses nothing.
      await syncOnce().catch(o.onError);
    },
  };
}

/** Keeps an object the emulator re-created from the mirror from being announced again as new. */
export function carryOverAnnouncements(announced: Record<string, string>, restored: readonly RestoredObject[]): Record<string, string> {
  const next = { ...announced };
  for (const r of restored) if (next[r.key] === r.previousEtag) next[r.key] = r.etag;
  return next;
}

