import { mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetQueueAttributesCommand, SQSClient } from '@aws-sdk/client-sqs';
import { DEFAULT_DEPARTMENTS } from '../../../shared/domain/departments/schema';
import { ENV } from '../../../shared/resources';
import { localClientConfig } from '../../local/local-aws';
import { startLocalStack, type LocalStack } from '../../local/stack';
import { classifyEmail } from './email-classifier';
import { alertScenario, exportCsv, type AlertScenario, type ScenarioItem, type ScenarioStep } from './scenario';
import { stepOf, tallyAlertEmails, type AlertBenchFigures, type ObservedEmail, type StepTiming } from './tally';

export interface AlertReplayResult extends AlertBenchFigures {
  seed: number;
  steps: number;
  items: number;
  /** Real seconds the whole replay took. */
  seconds: number;
  /** Every email of the outbox as classified, in the order written, with the step that caused it: to check the tally by eye. */
  emails: { kind: string; window?: string; thread?: string; subject: string; recipients: number; quotes: number; step: string }[];
}

const OFFICER = 'officer@example.com';
const MAX_ITEMS_PER_REQUEST = 100;

/** The local day of `at` in `zone`. */
function localDay(at: Date, zone: string): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(at);
}

async function send(stack: LocalStack, step: ScenarioStep): Promise<void> {
  const headers = { 'x-api-key': stack.info.keys.ingest };
  const check = async (res: Response, what: string, items: number) => {
    const body = (await res.json()) as { accepted?: unknown[] | number; rejected?: unknown[] };
    const accepted = Array.isArray(body.accepted) ? body.accepted.length : body.accepted;
    if (res.status !== 202 || accepted !== items) throw new Error(`${what}: ${res.status}, ${String(accepted)} of ${items} accepted: ${JSON.stringify(body.rejected ?? body).slice(0, 500)}`);
  };
  if (step.kind === 'export') {
    const res = await fetch(`${stack.info.apiUrl}/v1/exports?profile=generic`, { method: 'POST', headers: { ...headers, 'content-type': 'text/csv' }, body: exportCsv(step.items) });
    return check(res, step.label, step.items.length);
  }
  for (let i = 0; i < step.items.length; i += MAX_ITEMS_PER_REQUEST) {
    const items: ScenarioItem[] = step.items.slice(i, i + MAX_ITEMS_PER_REQUEST);
    const res = await fetch(`${stack.info.apiUrl}/v1/feedback`, { method: 'POST', headers: { ...headers, 'content-type': 'application/json' }, body: JSON.stringify({ items }) });
    await check(res, step.label, items.length);
  }
}

/** Every queue empty (nothing visible, nothing in flight) and no batch running, twice in a row. */
export async function drained(stack: LocalStack, sqs: SQSClient): Promise<void> {
  const queues = Object.values(stack.info.resources.queues).map((q) => q.url);
  let quiet = 0;
  while (quiet < 2) {
    await new Promise((r) => setTimeout(r, 150));
    let pending = 0;
    for (const url of queues) {
      const out = await sqs.send(new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible', 'ApproximateNumberOfMessagesDelayed'] }));
      for (const v of Object.values(out.Attributes ?? {})) pending += Number(v);
    }
    quiet = pending === 0 && stack.idle() ? quiet + 1 : 0;
  }
}

async function observedEmails(outboxDir: string, timings: readonly StepTiming[]): Promise<ObservedEmail[]> {
  const files = (await readdir(outboxDir)).filter((f) => f.endsWith('.eml'));
  return Promise.all(
    files.map(async (file) => {
      const path = join(outboxDir, file);
      const [bytes, info] = await Promise.all([readFile(path), stat(path)]);
      const writtenAtMs = info.mtimeMs;
      return { ...(await classifyEmail(bytes)), file, writtenAtMs, step: stepOf(writtenAtMs, timings) };
    }),
  );
}

/**
 * Replays the scenario through a fresh local stack in this process (its function modules read
 * their environment once: run it in a process of its own): the clock is set to each step's
 * instant, the step's items go through the real API, queues, processor and evaluator, and the
 * next step waits until every queue is drained. The outbox is then read and tallied.
 */
export async function runAlertReplay(options: { seed?: number; progress?: (line: string) => void } = {}): Promise<AlertReplayResult> {
  const say = options.progress ?? (() => undefined);
  const scenario: AlertScenario = alertScenario(options.seed);
  // The scenario is written for the default departments, in English, in its own zone.
  delete process.env[ENV.departments];
  Object.assign(process.env, { [ENV.mailLanguage]: 'en', [ENV.timeZone]: scenario.zone, [ENV.officerEmail]: OFFICER });
  const dir = await mkdtemp(join(tmpdir(), 'cv-alert-replay-'));
  const started = performance.now();
  const stack = await startLocalStack({ dataDir: dir, port: 0 });
  const sqs = new SQSClient(localClientConfig(stack.info.endpoints.sqs));
  try {
    const timings: StepTiming[] = [];
    for (const [i, step] of scenario.steps.entries()) {
      const at = new Date(step.at);
      await stack.clock.set(at);
      timings.push({ postedAtMs: Date.now(), day: localDay(at, scenario.zone) });
      await send(stack, step);
      await drained(stack, sqs);
      say(`  ${String(i + 1).padStart(2)}/${scenario.steps.length} ${step.at} ${step.label} (${step.items.length} items)`);
    }
    const emails = await observedEmails(stack.info.outboxDir, timings);
    return {
      seed: scenario.seed,
      steps: scenario.steps.length,
      items: scenario.steps.reduce((n, s) => n + s.items.length, 0),
      seconds: Math.round((performance.now() - started) / 100) / 10,
      ...tallyAlertEmails(emails, scenario, timings, { officer: OFFICER, departments: DEFAULT_DEPARTMENTS }),
      emails: emails
        .sort((a, b) => a.writtenAtMs - b.writtenAtMs)
        .map((e) => ({
          kind: e.kind,
          ...(e.window ? { window: e.window } : {}),
          ...(e.thread ? { thread: e.thread } : {}),
          subject: e.subject,
          recipients: e.recipients.length,
          quotes: e.quotes.length,
          step: e.step < 0 ? 'before the first step' : `${scenario.steps[e.step]!.at} ${scenario.steps[e.step]!.label}`,
        })),
    };
  } finally {
    sqs.destroy();
    await stack.stop();
    await rm(dir, { recursive: true, force: true });
  }
}
