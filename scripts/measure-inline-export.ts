/**
 * CPU time per MB of the inline-export path (POST /v1/exports): parse the CSV through its profile,
 * hash the customer ids, build the envelopes and serialise and sign the SQS SendMessageBatch
 * requests with the real SDK client — only the network is replaced (every request answers "all
 * sent"). `npx tsx scripts/measure-inline-export.ts [MB…]`.
 *
 * The figure is this machine's. On Lambda a 512 MB function gets about 512/1769 of a vCPU (a full
 * vCPU at 1,769 MB, per the Lambda documentation); the script's extrapolation divides by that
 * share, and is only that: an extrapolation, not a measurement on Lambda.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { SQSClient } from '@aws-sdk/client-sqs';
import { SqsFeedbackQueue } from '../shared/adapters/sqs-feedback-queue';
import { ingestExport } from '../shared/app/ingest-export';

const LAMBDA_MEMORY_MB = 512;
const FULL_VCPU_MEMORY_MB = 1769;
const vcpuShare = LAMBDA_MEMORY_MB / FULL_VCPU_MEMORY_MB;

/** A generic export as the bench writes it: real customer sentences, French `;` CSV. */
function csvOf(targetBytes: number): Buffer {
  const texts = readFileSync(resolve(import.meta.dirname, '../test/fixtures/customer-feedback.jsonl'), 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => (JSON.parse(l) as { text: string }).text.replace(/"/g, '""'));
  const lines = ['\uFEFFid;date;message;nps;department;customer'];
  let bytes = lines[0]!.length;
  const end = Date.now() - 60_000;
  for (let row = 1; bytes < targetBytes; row++) {
    const line = `r${row};${new Date(end - row * 60_000).toISOString()};"${texts[row % texts.length]} (#${row})";${row % 11};;cust-${row % 5000}`;
    lines.push(line);
    bytes += Buffer.byteLength(line) + 2;
  }
  return Buffer.from(lines.join('\r\n'));
}

/** An SQS client that signs and serialises every request, and answers each batch as fully sent. */
function offlineSqs(): SQSClient {
  return new SQSClient({
    region: 'eu-west-1',
    credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' },
    // The offline answer carries no body digests; SQS's real ones would be checked (a few µs per message).
    md5: false,
    requestHandler: {
      handle: async (request: { body?: string | Uint8Array }) => {
        const text = typeof request.body === 'string' ? request.body : Buffer.from(request.body ?? '{}').toString('utf8');
        const entries = (JSON.parse(text) as { Entries?: { Id: string }[] }).Entries ?? [];
        const body = JSON.stringify({ Successful: entries.map((e) => ({ Id: e.Id, MessageId: e.Id, MD5OfMessageBody: '' })), Failed: [] });
        return { response: { statusCode: 200, headers: { 'content-type': 'application/x-amz-json-1.0' }, body: Buffer.from(body) } };
      },
    },
  });
}

async function measure(megabytes: number): Promise<{ mb: number; rows: number; accepted: number; cpuMs: number }> {
  const body = csvOf(megabytes * 1024 * 1024);
  const queue = new SqsFeedbackQueue(offlineSqs(), 'https://sqs.eu-west-1.amazonaws.com/123456789012/ingest');
  const start = process.cpuUsage();
  const result = await ingestExport(
    body,
    { profile: 'generic', format: 'csv', sender: 'crm', timeZone: 'Europe/Paris' },
    { queue, customerSalt: async () => 'salt'.repeat(16), configuredProfiles: {} },
  );
  const used = process.cpuUsage(start);
  if (result.accepted < result.rows * 0.99) throw new Error(`only ${result.accepted} of ${result.rows} rows accepted: ${JSON.stringify(result.rejected.slice(0, 3))}`);
  return { mb: body.length / 1024 / 1024, rows: result.rows, accepted: result.accepted, cpuMs: (used.user + used.system) / 1000 };
}

const sizes = process.argv.slice(2).map(Number).filter((n) => n > 0);
await measure(0.5); // warm-up: JIT, module initialisation
for (const mb of sizes.length > 0 ? sizes : [1, 2, 5]) {
  const m = await measure(mb);
  const perMb = m.cpuMs / m.mb;
  console.log(
    `${m.mb.toFixed(2)} MB, ${m.rows} rows (${m.accepted} accepted): ${m.cpuMs.toFixed(0)} ms CPU here, ${perMb.toFixed(0)} ms/MB; ` +
      `extrapolated to Lambda at ${LAMBDA_MEMORY_MB} MB (${vcpuShare.toFixed(2)} vCPU): ${(m.cpuMs / vcpuShare / 1000).toFixed(1)} s`,
  );
}
