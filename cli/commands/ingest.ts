import { parseArgs } from 'node:util';
import { target } from './api-target';
import { UsageError, type Command } from './command';
import { localStackInfo, pointAtLocalStack } from './local-stack-info';

async function ingestExport(args: string[]): Promise<void> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      profile: { type: 'string' },
      format: { type: 'string' },
      option: { type: 'string', multiple: true, default: [] },
      'no-wait': { type: 'boolean', default: false },
    },
  });
  const usage = 'usage: customer-voice ingest export --profile <name> [--option key=value…] [--format csv|json|jsonl] [--no-wait] <file>';
  if (!values.profile || positionals.length !== 1) throw new UsageError(usage);
  const profileOptions: Record<string, string> = {};
  for (const option of values.option) {
    const eq = option.indexOf('=');
    if (eq <= 0) throw new UsageError(`--option takes key=value (e.g. --option nps=Q5): got "${option}"`);
    profileOptions[option.slice(0, eq)] = option.slice(eq + 1);
  }
  const { apiUrl, key } = await target('ingest');
  const { ingestExportFile } = await import('../ingest-export');
  const result = await ingestExportFile(positionals[0]!, {
    apiUrl,
    key,
    profile: values.profile,
    profileOptions,
    format: values.format,
    wait: !values['no-wait'],
    progress: (s) => process.stderr.write(`\r${s.status}: ${s.rows} rows, ${s.accepted} accepted, ${s.rejectedCount} rejected, ${s.chunks} chunk(s)   `),
  });
  process.stderr.write('\n');
  process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
  if ('rows' in result && result.status === 'failed') process.exitCode = 1;
}

async function ingestEmail(files: string[]): Promise<void> {
  const info = await localStackInfo();
  pointAtLocalStack(info);
  const { ingestEmailFiles } = await import('../ingest-email');
  for (const line of await ingestEmailFiles(files, info)) process.stdout.write(`${JSON.stringify(line)}\n`);
}

export const ingest: Command = {
  usage: `  ingest email <file.eml…>    put emails in the local inbound bucket and run the email function on the S3 event SES would cause
  ingest export --profile <name> [--option key=value…] [--format csv|json|jsonl] [--no-wait] <file>
                              upload a contact-centre export through a presigned URL (up to 5 GB) and follow its job
                              until every chunk is read; prints { jobId, rows, accepted, rejected: [{ row, error }] }`,
  async run([kind, ...files]) {
    if (kind === 'export') return ingestExport(files);
    if (kind !== 'email' || files.length === 0) throw new UsageError('usage: customer-voice ingest email <file.eml…> | ingest export --profile <name> <file>');
    return ingestEmail(files);
  },
};
