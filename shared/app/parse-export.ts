/**
 * Streams a contact-centre export (CSV, JSON or JSONL) through an export profile, one record
 * at a time, never holding the whole file: CSV and JSONL are parsed as they arrive; a JSON
 * document (a Zendesk page, a Freshdesk array, a Contact Lens file: bounded by their sources)
 * is read whole up to `maxJsonBytes`.
 *
 * Per-record problems are yielded as `{ ok: false, error }` with the record's row number and
 * the stream goes on; only problems with the file itself (unknown profile, no text column,
 * JSON over the cap or malformed, a format the profile does not read) throw an ExportError.
 *
 * Resuming: every CSV record, and the last record of each JSONL line, carries `byteOffset`,
 * the absolute byte position just after it. To continue in a new invocation either re-read
 * from the start with `startRow` (simple, costs a re-parse), or open the file at `byteOffset`
 * (S3 Range GET) and pass `resumeAt` with the row and, for CSV, the header from `onCsvHeader`.
 */
import { Readable } from 'node:stream';
import { CsvError, parse, type Info } from 'csv-parse';
import { InvalidRequestError } from '../domain/failures';
import { assertTimeZone } from '../domain/export-profiles/dates';
import {
  EMPTY_ROW,
  EXPORT_PROFILE_NAMES,
  getExportProfile,
  resolveExportProfile,
  type CsvRowMapper,
  type ExportProfile,
  type ExportProfilesConfig,
  type ProfileContext,
  type RecordResult,
} from '../domain/export-profiles';

export type ExportFormat = 'csv' | 'json' | 'jsonl' | 'auto';

export interface CsvHeaderInfo {
  columns: string[];
  delimiter: string;
  /** Absolute byte offset of the first data record (after the BOM and the header). */
  dataStartByte: number;
  /** Header rows after the first, for profiles whose header spans several (Qualtrics). */
  headerRows?: string[][];
}

export interface ResumePoint {
  /** The last row already handled; rows are numbered on from it. */
  row: number;
  /** Where the given stream starts in the original file (the `byteOffset` of that row). */
  byteOffset: number;
  /** For CSV: the header and delimiter (and further header rows) reported by `onCsvHeader` on the first run. */
  csv?: { columns: string[]; delimiter: string; headerRows?: string[][] };
}

export interface ParseExportOptions extends ProfileContext {
  /** A built-in profile or one of `configuredProfiles`. */
  profile: string;
  /** The profile's options, as the request gives them (`?nps=Q5&text=Q7_TEXT`, CLI flags): validated per profile. */
  profileOptions?: Readonly<Record<string, string | undefined>>;
  /** The profiles the deployment adds (`deployedExportProfiles`, read at cold start); `{}` for none. */
  configuredProfiles: ExportProfilesConfig;
  format?: ExportFormat;
  /** Rows ≤ startRow are parsed but not yielded. */
  startRow?: number;
  resumeAt?: ResumePoint;
  /** Cap on one JSON document (and one JSONL line). Default 32 MiB. */
  maxJsonBytes?: number;
  onCsvHeader?: (header: CsvHeaderInfo) => void;
}

export interface ParsedRecord {
  /** 1-based: the first record after the CSV header, the first ticket of a page, the first JSONL record. */
  row: number;
  /** Absolute byte offset just after this record, when resuming from it is possible. */
  byteOffset?: number;
  result: RecordResult;
}

export const DEFAULT_MAX_JSON_BYTES = 32 * 1024 * 1024;

export type ExportErrorCode = 'unknown_profile' | 'invalid_option' | 'unsupported_format' | 'invalid_header' | 'too_large' | 'invalid_json' | 'unrecognised_json';

/**
 * A problem with the file or the request as a whole: an invalid request (an upload job refused
 * with it as it is); the inline route reports it as `invalid_export` (413 for too_large).
 */
export class ExportError extends InvalidRequestError {
  override readonly name: string = 'ExportError';
  declare readonly code: ExportErrorCode;
  declare readonly details?: Record<string, unknown>;

  constructor(code: ExportErrorCode, message: string, details?: Record<string, unknown>) {
    super(code, message, details);
  }
}

export class UnknownProfileError extends ExportError {
  override readonly name: string = 'UnknownProfileError';
  constructor(
    profile: string,
    readonly profiles: readonly string[] = EXPORT_PROFILE_NAMES,
  ) {
    super('unknown_profile', `unknown export profile "${profile}": use one of ${profiles.join(', ')}`, { profiles: [...profiles] });
  }
}

type Chunk = Buffer | Uint8Array | string;

/** An async byte source that can look ahead without consuming. */
class ByteReader {
  private readonly it: AsyncIterator<Chunk>;
  private readonly ahead: Buffer[] = [];
  private aheadBytes = 0;
  private done = false;

  constructor(source: AsyncIterable<Chunk> | Iterable<Chunk>) {
    this.it = Symbol.asyncIterator in source ? source[Symbol.asyncIterator]() : fromSync(source[Symbol.iterator]());
  }

  private async pull(): Promise<Buffer | undefined> {
    if (this.done) return undefined;
    const next = await this.it.next();
    if (next.done) {
      this.done = true;
      return undefined;
    }
    const v = next.value;
    return typeof v === 'string' ? Buffer.from(v, 'utf8') : Buffer.isBuffer(v) ? v : Buffer.from(v.buffer, v.byteOffset, v.byteLength);
  }

  /** Reads ahead until `enough(buffered)` or `max` bytes or the end; nothing is consumed. */
  async peek(enough: (b: Buffer) => boolean, max: number): Promise<Buffer> {
    let buf = Buffer.concat(this.ahead);
    while (!enough(buf) && this.aheadBytes < max) {
      const chunk = await this.pull();
      if (!chunk) break;
      this.ahead.push(chunk);
      this.aheadBytes += chunk.length;
      buf = Buffer.concat([buf, chunk]);
    }
    return buf;
  }

  async *chunks(): AsyncGenerator<Buffer> {
    while (this.ahead.length) {
      const b = this.ahead.shift()!;
      this.aheadBytes -= b.length;
      yield b;
    }
    for (let c = await this.pull(); c; c = await this.pull()) yield c;
  }

  async close(): Promise<void> {
    this.done = true;
    await this.it.return?.();
  }
}

function fromSync(it: Iterator<Chunk>): AsyncIterator<Chunk> {
  return { next: async () => it.next(), return: async () => it.return?.() ?? { done: true, value: undefined } };
}

const BOM = Buffer.from([0xef, 0xbb, 0xbf]);
const stripBom = (b: Buffer): Buffer => (b.subarray(0, 3).equals(BOM) ? b.subarray(3) : b);

function firstSignificantChar(b: Buffer): string | undefined {
  const s = stripBom(b).subarray(0, 4096).toString('utf8');
  return /\S/.exec(s)?.[0];
}

/** `,` `;` or tab: whichever the header line (outside quotes) holds most of; `,` when none. */
export function detectDelimiter(headerLine: string): string {
  const counts: Record<string, number> = { ',': 0, ';': 0, '\t': 0 };
  let quoted = false;
  for (const c of headerLine) {
    if (c === '"') quoted = !quoted;
    else if (!quoted && c in counts) counts[c]!++;
    else if (!quoted && (c === '\n' || c === '\r')) break;
  }
  let best = ',';
  for (const d of [';', '\t']) if (counts[d]! > counts[best]!) best = d;
  return best;
}

function hasLineEnd(b: Buffer): boolean {
  return b.includes(0x0a) || b.includes(0x0d);
}

/**
 * A request's profile options: its query parameters (or CLI flags of the same names) minus
 * the ones the route itself reads. Unknown names are left in, so the profile refuses a typo.
 */
export function profileOptionsFromQuery(
  query: Readonly<Record<string, string | undefined>> | null | undefined,
  reserved: readonly string[] = ['profile'],
): Record<string, string | undefined> {
  return Object.fromEntries(Object.entries(query ?? {}).filter(([k]) => !reserved.includes(k)));
}

/**
 * The profile a request names, with its options: built-in or configured by the deployment.
 * Throws UnknownProfileError, or ExportError `invalid_option` saying which option is wrong.
 */
export function exportProfileFor(name: string, profileOptions: Readonly<Record<string, string | undefined>> | undefined, configured: ExportProfilesConfig): ExportProfile {
  const resolved = resolveExportProfile(name, profileOptions, { builtIn: getExportProfile, configured });
  if (resolved.ok) return resolved.profile;
  if (resolved.code === 'unknown_profile') throw new UnknownProfileError(name, (resolved.details?.profiles as string[] | undefined) ?? EXPORT_PROFILE_NAMES);
  throw new ExportError('invalid_option', resolved.error, resolved.details);
}

/**
 * Parses an export as a stream of records mapped by the profile. Throws UnknownProfileError
 * (synchronously) for a profile it does not know, ExportError for a bad option.
 */
export function parseExport(stream: Readable | AsyncIterable<Chunk> | Iterable<Chunk>, options: ParseExportOptions): AsyncGenerator<ParsedRecord> {
  const profile = exportProfileFor(options.profile, options.profileOptions, options.configuredProfiles);
  const ctx: ProfileContext = { timeZone: options.timeZone ?? 'UTC', sourceName: options.sourceName, categoryJourneys: options.categoryJourneys };
  try {
    assertTimeZone(ctx.timeZone!);
  } catch {
    throw new ExportError('invalid_option', `unknown time zone "${options.timeZone}": use an IANA name such as Europe/Paris`);
  }
  const startRow = options.startRow ?? 0;
  if (!Number.isInteger(startRow) || startRow < 0) throw new ExportError('invalid_option', 'startRow must be a whole number ≥ 0');
  const format = options.format ?? 'auto';
  if (!['csv', 'json', 'jsonl', 'auto'].includes(format)) throw new ExportError('invalid_option', 'format must be csv, json, jsonl or auto');
  return run(new ByteReader(stream), profile, ctx, { ...options, format, startRow, maxJsonBytes: options.maxJsonBytes ?? DEFAULT_MAX_JSON_BYTES });
}

type Resolved = ParseExportOptions & { format: ExportFormat; startRow: number; maxJsonBytes: number };

async function* run(reader: ByteReader, profile: ExportProfile, ctx: ProfileContext, opts: Resolved): AsyncGenerator<ParsedRecord> {
  try {
    let format = opts.format;
    if (opts.resumeAt) {
      format = opts.resumeAt.csv ? 'csv' : format === 'auto' || format === 'json' ? 'jsonl' : format;
    } else if (format === 'auto') {
      const c = firstSignificantChar(await reader.peek((b) => /\S/.test(stripBom(b).toString('utf8')), 4096));
      format = c === '{' || c === '[' ? 'json' : 'csv';
    }
    if (format === 'csv') yield* parseCsv(reader, profile, ctx, opts);
    else yield* parseJson(reader, profile, ctx, opts, format === 'jsonl');
  } finally {
    await reader.close();
  }
}

// ─────────────────────────── CSV ───────────────────────────

const CSV_ERROR_HELP: Record<string, string> = {
  CSV_QUOTE_NOT_CLOSED: 'a quoted field is never closed: the file ends inside quotes; close the quote (a field containing " must double it: "")',
  CSV_INVALID_CLOSING_QUOTE: 'a closing quote is followed by other characters; a " inside a quoted field must be doubled ("")',
  CSV_MAX_RECORD_SIZE: 'a record is longer than 1,000,000 characters: a quote is probably never closed, or the delimiter is wrong',
  CSV_RECORD_INCONSISTENT_FIELDS_LENGTH: 'the record has a different number of fields than the header',
};

function csvErrorMessage(err: unknown): string {
  if (err instanceof CsvError) {
    const help = CSV_ERROR_HELP[err.code];
    const line = typeof (err as unknown as { lines?: unknown }).lines === 'number' ? ` (near line ${(err as unknown as { lines: number }).lines})` : '';
    return `${help ?? err.message}${line}`;
  }
  return err instanceof Error ? err.message : String(err);
}

type CsvItem = { info: Info; record: string[] } | { skipped: unknown };

async function* parseCsv(reader: ByteReader, profile: ExportProfile, ctx: ProfileContext, opts: Resolved): AsyncGenerator<ParsedRecord> {
  if (!profile.csv) {
    throw new ExportError('unsupported_format', `the ${profile.name} profile reads JSON exports, not CSV`);
  }
  let delimiter: string;
  let header: string[] | undefined;
  let baseBytes = 0;
  let row = 0;
  if (opts.resumeAt?.csv) {
    ({ delimiter } = opts.resumeAt.csv);
    header = opts.resumeAt.csv.columns;
    baseBytes = opts.resumeAt.byteOffset;
    row = opts.resumeAt.row;
  } else {
    const head = await reader.peek(hasLineEnd, 64 * 1024);
    delimiter = detectDelimiter(stripBom(head).toString('utf8'));
  }
  let mapper: CsvRowMapper | undefined;
  // Multi-row headers (Qualtrics): rows after the first go to the mapper until it says data starts.
  let inHeader = false;
  const headerRows: string[][] = [];
  let headerEndByte = 0;
  const endHeader = (values: string[] | undefined) => {
    const r = mapper!.headerRow!(values);
    if (!r.ok) throw new ExportError('invalid_header', r.error, { columns: [...header!] });
    return r.header;
  };
  if (header) {
    mapper = csvMapper(profile, header, ctx);
    for (const extra of opts.resumeAt?.csv?.headerRows ?? []) if (mapper.headerRow) endHeader(extra);
    // A resumed file starts past the header: the next row is data.
  }

  // Records csv-parse skips (bad quoting) come back in order through the same stream.
  const parser = parse({
    delimiter,
    bom: true,
    relax_column_count: true,
    relax_quotes: true,
    skip_empty_lines: true,
    skip_records_with_error: true,
    max_record_size: 1_000_000,
    info: true,
    on_skip: (err) => {
      parser.push({ skipped: err });
      return undefined;
    },
  });
  const source = Readable.from(reader.chunks(), { objectMode: false });
  source.on('error', (e) => parser.destroy(e));
  source.pipe(parser);
  try {
    for await (const item of parser as AsyncIterable<CsvItem>) {
      if ('skipped' in item) {
        row++;
        // After an oversized record csv-parse has dropped the rest of its buffer: nothing after it can be trusted.
        const fatal = item.skipped instanceof CsvError && item.skipped.code === 'CSV_MAX_RECORD_SIZE';
        if (fatal) {
          yield { row, result: { ok: false, error: `${csvErrorMessage(item.skipped)}; reading stopped at this row` } };
          return;
        }
        if (row > opts.startRow) yield { row, result: { ok: false, error: csvErrorMessage(item.skipped) } };
        continue;
      }
      const byteOffset = baseBytes + item.info.bytes;
      if (!header) {
        header = item.record;
        mapper = csvMapper(profile, header, ctx);
        headerEndByte = byteOffset;
        inHeader = !!mapper.headerRow;
        if (!inHeader) opts.onCsvHeader?.({ columns: [...header], delimiter, dataStartByte: byteOffset });
        continue;
      }
      if (inHeader) {
        if (endHeader(item.record)) {
          headerRows.push(item.record);
          headerEndByte = byteOffset;
          continue;
        }
        inHeader = false;
        opts.onCsvHeader?.({ columns: [...header], delimiter, dataStartByte: headerEndByte, headerRows });
      }
      row++;
      if (row <= opts.startRow) continue;
      const result = mapper!.map(item.record);
      if (result === EMPTY_ROW) continue;
      yield { row, byteOffset, result };
    }
    if (inHeader) {
      // The file ends inside the header: no records, but a header the profile cannot use still fails the file.
      endHeader(undefined);
      opts.onCsvHeader?.({ columns: [...header!], delimiter, dataStartByte: headerEndByte, headerRows });
    }
  } catch (err) {
    // Not the file's fault (the storage read failed): the caller retries, it is not a bad row.
    if (!(err instanceof CsvError)) throw err;
    // A structural error csv-parse cannot skip (the file ends inside quotes): report it on the next row and stop.
    yield { row: row + 1, result: { ok: false, error: csvErrorMessage(err) } };
  } finally {
    source.unpipe(parser);
    source.destroy();
    parser.destroy();
  }
}

function csvMapper(profile: ExportProfile, header: readonly string[], ctx: ProfileContext): CsvRowMapper {
  const bound = profile.csv!(header, ctx);
  if (!bound.ok) throw new ExportError('invalid_header', bound.error, { columns: [...header] });
  return bound.mapper;
}

// ─────────────────────────── JSON / JSONL ───────────────────────────

function tooLarge(max: number, what: string): ExportError {
  const MiB = 1024 * 1024;
  const size = max >= MiB ? `${Number((max / MiB).toFixed(1))} MiB` : `${max} bytes`;
  return new ExportError('too_large', `${what} is larger than ${size}: send it as JSONL (one record per line) or split it`, { maxBytes: max });
}

async function* parseJson(reader: ByteReader, profile: ExportProfile, ctx: ProfileContext, opts: Resolved, forceLines: boolean): AsyncGenerator<ParsedRecord> {
  const max = opts.maxJsonBytes;
  if (!forceLines) {
    const head = await reader.peek((b) => /\S/.test(stripBom(b).toString('utf8')), 4096);
    const first = firstSignificantChar(head);
    let documentMode = first === '[';
    if (first === '{') {
      // One JSON value on the first line → JSONL (a one-line document works the same); a pretty-printed object → one document.
      const upToLine = await reader.peek((b) => {
        const s = stripBom(b);
        const start = s.findIndex((c) => c !== 0x20 && c !== 0x0a && c !== 0x0d && c !== 0x09);
        return start >= 0 && s.indexOf(0x0a, start) >= 0;
      }, max + 1);
      const text = stripBom(upToLine).toString('utf8').trimStart();
      const nl = text.indexOf('\n');
      const firstLine = nl >= 0 ? text.slice(0, nl) : text;
      documentMode = !parsesAsJson(firstLine);
    }
    if (documentMode || first === undefined) {
      yield* jsonDocument(reader, profile, ctx, opts);
      return;
    }
  }
  yield* jsonLines(reader, profile, ctx, opts);
}

function parsesAsJson(s: string): boolean {
  try {
    JSON.parse(s);
    return true;
  } catch {
    return false;
  }
}

async function* jsonDocument(reader: ByteReader, profile: ExportProfile, ctx: ProfileContext, opts: Resolved): AsyncGenerator<ParsedRecord> {
  const parts: Buffer[] = [];
  let size = 0;
  for await (const chunk of reader.chunks()) {
    size += chunk.length;
    if (size > opts.maxJsonBytes) throw tooLarge(opts.maxJsonBytes, 'the JSON document');
    parts.push(chunk);
  }
  const text = stripBom(Buffer.concat(parts)).toString('utf8');
  if (!text.trim()) return;
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (err) {
    throw new ExportError('invalid_json', `the file is not valid JSON (${(err as Error).message}); for one record per line use JSONL`);
  }
  const records = profile.jsonRecords(doc);
  if (!records.ok) throw new ExportError('unrecognised_json', records.error);
  let row = 0;
  for (const rec of records.records) {
    row++;
    if (row <= opts.startRow) continue;
    yield { row, result: safeMap(profile, rec, ctx) };
  }
}

function safeMap(profile: ExportProfile, rec: unknown, ctx: ProfileContext): RecordResult {
  try {
    return profile.fromJson(rec, ctx);
  } catch (err) {
    return { ok: false, error: `could not read this record: ${(err as Error).message}` };
  }
}

/** Lines with their absolute end offsets; a line over `max` bytes comes back as `null`, never buffered whole. */
async function* splitLines(chunks: AsyncIterable<Buffer>, base: number, max: number): AsyncGenerator<{ line: Buffer | null; end: number; lineNo: number }> {
  let parts: Buffer[] = [];
  let partBytes = 0;
  let oversize = false;
  let offset = base;
  let lineNo = 0;
  for await (const chunk of chunks) {
    let start = 0;
    for (let nl = chunk.indexOf(0x0a, start); nl >= 0; nl = chunk.indexOf(0x0a, start)) {
      const piece = chunk.subarray(start, nl);
      offset += nl + 1 - start;
      lineNo++;
      if (oversize || partBytes + piece.length > max) yield { line: null, end: offset, lineNo };
      else yield { line: partBytes ? Buffer.concat([...parts, piece]) : piece, end: offset, lineNo };
      parts = [];
      partBytes = 0;
      oversize = false;
      start = nl + 1;
    }
    const rest = chunk.subarray(start);
    offset += rest.length;
    if (oversize) continue;
    if (partBytes + rest.length > max) {
      oversize = true;
      parts = [];
      partBytes = 0;
    } else if (rest.length) {
      parts.push(Buffer.from(rest));
      partBytes += rest.length;
    }
  }
  if (oversize || partBytes) {
    lineNo++;
    yield { line: oversize ? null : Buffer.concat(parts), end: offset, lineNo };
  }
}

async function* jsonLines(reader: ByteReader, profile: ExportProfile, ctx: ProfileContext, opts: Resolved): AsyncGenerator<ParsedRecord> {
  let row = opts.resumeAt?.row ?? 0;
  const base = opts.resumeAt?.byteOffset ?? 0;
  for await (const { line, end, lineNo } of splitLines(reader.chunks(), base, opts.maxJsonBytes)) {
    const where = opts.resumeAt ? '' : `line ${lineNo}: `;
    if (line === null) {
      row++;
      if (row > opts.startRow) yield { row, byteOffset: end, result: { ok: false, error: tooLarge(opts.maxJsonBytes, `${where}the line`).message } };
      continue;
    }
    const text = (lineNo === 1 && !opts.resumeAt ? stripBom(line) : line).toString('utf8').trim();
    if (!text) continue;
    let doc: unknown;
    try {
      doc = JSON.parse(text);
    } catch (err) {
      row++;
      if (row > opts.startRow) yield { row, byteOffset: end, result: { ok: false, error: `${where}not valid JSON (${(err as Error).message})` } };
      continue;
    }
    const records = profile.jsonRecords(doc);
    if (!records.ok) {
      row++;
      if (row > opts.startRow) yield { row, byteOffset: end, result: { ok: false, error: `${where}${records.error}` } };
      continue;
    }
    const n = records.records.length;
    for (let i = 0; i < n; i++) {
      row++;
      if (row <= opts.startRow) continue;
      // Only the line's last record can be resumed from by byte offset.
      yield { row, byteOffset: i === n - 1 ? end : undefined, result: safeMap(profile, records.records[i], ctx) };
    }
  }
}
