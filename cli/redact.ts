/**
 * `customer-voice redact`: text lines on stdin → the same lines redacted on stdout, through the
 * redactor the pipeline uses (patterns; plus Comprehend with --comprehend and AWS credentials).
 */
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { shippedFirstNames } from '../shared/adapters/first-names-file';
import { patternPiiRedactor } from '../shared/domain/redaction/redact-pii';
import { DEFAULT_PII_TYPES, PII_TYPES, type PiiRedactor, type PiiType, type RedactionOptions } from '../shared/domain/redaction/types';

export const REDACT_USAGE = `customer-voice redact [--lang en|fr|…] [--types EMAIL,PHONE,…] [--redact-orders] [--keep-staff-names] [--json] [--comprehend]

  Reads text lines on stdin and prints each line with its personal data replaced by
  [EMAIL], [PHONE], [IBAN], [CARD], [NIR], [SSN], [NINO], [ID_DOCUMENT], [TAX_ID], [IP],
  [BIRTH_DATE], [ADDRESS], [POSTCODE], [NAME].
  --types          only these types (default ${DEFAULT_PII_TYPES.join(',')})
  --redact-orders  also replace order/contract/tracking numbers with [ORDER] (kept by default)
  --keep-staff-names  keep the names of staff praised or blamed ("merci à Kevin") in clear
  --json           one JSON object a line: { "text", "entities": [{ "type", "start", "end" }] }
  --comprehend     add Amazon Comprehend names/addresses (en/es only; needs AWS credentials)
  --lang           language of the input, for --comprehend (default en)`;

class RedactUsageError extends Error {}

function write(stream: NodeJS.WritableStream, chunk: string): Promise<void> {
  return new Promise((resolve, reject) => {
    if (stream.write(chunk, (error) => (error ? reject(error) : undefined))) resolve();
    else stream.once('drain', resolve);
  });
}

function parseRedactArgs(args: readonly string[]) {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...args],
      options: {
        lang: { type: 'string', default: 'en' },
        types: { type: 'string' },
        'redact-orders': { type: 'boolean', default: false },
        'keep-staff-names': { type: 'boolean', default: false },
        json: { type: 'boolean', default: false },
        comprehend: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
  } catch (error) {
    throw new RedactUsageError(error instanceof Error ? error.message : String(error));
  }
  const { values } = parsed;
  let types: PiiType[] | undefined;
  if (values.types !== undefined) {
    types = values.types.split(',').map((t) => t.trim().toUpperCase()).filter((t) => t !== '');
    const unknown = types.filter((t) => !(PII_TYPES as readonly string[]).includes(t));
    if (unknown.length > 0 || types.length === 0) {
      throw new RedactUsageError(`--types takes a comma-separated list of ${PII_TYPES.join(', ')}; got "${values.types}"`);
    }
  }
  const redactOrders = values['redact-orders'] || (types?.includes('ORDER') ?? false);
  const options: RedactionOptions = {
    keepOrderNumbers: !redactOrders,
    keepStaffNames: values['keep-staff-names'],
    // The processor's first-name gazetteer (data/first-names.json), so the command shows what the pipeline stores.
    firstNames: shippedFirstNames(),
    ...(types ? { types: types.filter((t) => t !== 'ORDER') } : {}),
  };
  return { options, lang: values.lang, json: values.json, comprehend: values.comprehend, help: values.help };
}

async function comprehendRedactor(options: RedactionOptions, stderr: NodeJS.WritableStream): Promise<PiiRedactor> {
  const [{ ComprehendClient }, { ComprehendPiiDetector }] = await Promise.all([
    import('@aws-sdk/client-comprehend'),
    import('../shared/adapters/comprehend-pii'),
  ]);
  return new ComprehendPiiDetector(new ComprehendClient({}), {
    redaction: options,
    onDegraded: ({ reason }) => void stderr.write(`comprehend unavailable (${reason}): patterns only for this line\n`),
  });
}

/** Returns the exit code: 0, or 2 for a usage error. */
export async function runRedact(
  stdin: NodeJS.ReadableStream,
  stdout: NodeJS.WritableStream,
  args: readonly string[],
  stderr: NodeJS.WritableStream = process.stderr,
): Promise<number> {
  let parsed: ReturnType<typeof parseRedactArgs>;
  try {
    parsed = parseRedactArgs(args);
  } catch (error) {
    if (!(error instanceof RedactUsageError)) throw error;
    await write(stderr, `${error.message}\n\n${REDACT_USAGE}\n`);
    return 2;
  }
  if (parsed.help) {
    await write(stdout, `${REDACT_USAGE}\n`);
    return 0;
  }
  const redactor = parsed.comprehend ? await comprehendRedactor(parsed.options, stderr) : patternPiiRedactor(parsed.options);
  const lines = createInterface({ input: stdin, crlfDelay: Infinity });
  for await (const line of lines) {
    const { text, entities } = await redactor.redact(line, parsed.lang);
    await write(stdout, parsed.json ? `${JSON.stringify({ text, entities })}\n` : `${text}\n`);
  }
  return 0;
}
