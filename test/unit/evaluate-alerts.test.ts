import { describe, expect, it } from 'vitest';
import { evaluateTouchedCells, type EvaluateDeps } from '../../shared/app/evaluate-alerts';
import type { AlertState } from '../../shared/domain/alerts/state';
import { DEFAULT_DEPARTMENTS } from '../../shared/domain/departments/schema';
import { emptyCounters, type Counters } from '../../shared/domain/scores';
import type { AlertStateStore } from '../../shared/ports/alert-states';
import { EmailRejectedError, type Mailer, type OutgoingEmail } from '../../shared/ports/mailer';
import type { AggregateReader } from '../../shared/ports/stores';

/** Optimistic lock as the DynamoDB adapter does it: version must follow the stored one. */
class MemoryStates implements AlertStateStore {
  readonly rows = new Map<string, AlertState>();
  async get(key: string) {
    await new Promise((r) => setTimeout(r, 1)); // let concurrent evaluations interleave
    const s = this.rows.get(key);
    return s ? structuredClone(s) : undefined;
  }
  async put(state: AlertState) {
    await new Promise((r) => setTimeout(r, 1)); // the write travels too
    const current = this.rows.get(state.key);
    if ((current?.version ?? 0) !== state.version - 1) return false;
    this.rows.set(state.key, structuredClone(state));
    return true;
  }
  async list() {
    return [...this.rows.values()];
  }
}

const WINDOW = '2026-06-15T22:00:00.000Z';
const SERIES = 'DEPT#billing#day#Europe/Paris';

function aggregatesWith(counters: Counters): AggregateReader {
  return {
    series: async (series) => (series === SERIES ? [{ series, window: WINDOW, counters }] : []),
    scanAll: async function* () {},
  };
}

function deps(states: AlertStateStore, mailer: Mailer): EvaluateDeps {
  return {
    aggregates: aggregatesWith({ ...emptyCounters(), count: 40, negative: 30, neutral: 10 }),
    departments: DEFAULT_DEPARTMENTS,
    states,
    mailer,
    verbatims: async () => [],
    email: { lang: 'en', from: 'cv@example.com', officer: 'cco@example.com' },
    now: () => new Date('2026-06-16T08:00:00Z'),
  };
}

describe('evaluateTouchedCells', () => {
  it('sends one email when two evaluations of the same cell race', async () => {
    const sent: OutgoingEmail[] = [];
    const states = new MemoryStates();
    const mailer: Mailer = { send: async (e) => (sent.push(e), { messageId: String(sent.length) }) };
    const cells = [{ series: SERIES, window: WINDOW }];
    const [a, b] = await Promise.all([evaluateTouchedCells(cells, deps(states, mailer)), evaluateTouchedCells(cells, deps(states, mailer))]);
    expect(sent).toHaveLength(1);
    expect(sent[0]!.subject).toMatch(/Billing: negative share 75%/);
    expect(a.opened.length + b.opened.length).toBe(1);
    expect(a.lostRaces + b.lostRaces).toBeGreaterThanOrEqual(1);
    // And evaluating again changes nothing: the alert is already open.
    await evaluateTouchedCells(cells, deps(states, mailer));
    expect(sent).toHaveLength(1);
  });

  it('records an email SES refuses for good instead of failing the batch forever', async () => {
    const states = new MemoryStates();
    const mailer: Mailer = { send: async () => { throw new EmailRejectedError('Email address is not verified', 'MessageRejected'); } };
    const report = await evaluateTouchedCells([{ series: SERIES, window: WINDOW }], deps(states, mailer));
    expect(report.rejectedEmails).toEqual([{ key: expect.stringContaining('negative-share'), code: 'MessageRejected' }]);
    expect([...states.rows.values()][0]).toMatchObject({ status: 'open', pendingNotification: 'open' });
  });
});
