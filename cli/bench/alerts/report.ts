import type { AlertReplayResult } from './replay';

/**
 * The figures before #15's incidents (one email per rule and scope, at commit 29fb1c6), measured
 * with seed 15 on the shared 2-core development machine; printed next to each run's so a change
 * is read against where it started.
 */
export const BEFORE_ISSUE_15 = {
  measuredOn: '2026-12-02',
  emailsPerIncident: { billing: 16, delivery: 3 },
  recoveriesPerIncident: { billing: 1, delivery: 2 },
  falseRecoveries: 2,
  staleWindowEmails: 13,
  strayEmails: 10,
  duplicateQuotes: 16,
  /** 2.7 s and 3.1 s in two runs: the machine's load moves it. */
  latencyP95Seconds: 3.1,
};

const TARGETS = {
  emails: '1 (+ at most 1 update)',
  recoveries: '1',
  falseRecoveries: '0',
  stale: '0',
  stray: '(no target)',
  duplicates: '0',
  latency: '≤ 5',
};

const col = (s: string | number | null, width: number) => String(s ?? '—').padEnd(width);

/** The replay's figures side by side with #15's targets and the figures before it. */
export function formatAlertReplay(r: AlertReplayResult): string {
  const row = (label: string, now: string | number | null, target: string, before: string | number) =>
    `${col(label, 56)}${col(now, 12)}${col(target, 24)}${before}`;
  const beforeOf = (n: number) => (Number.isNaN(n) ? '—' : n);
  const lines = [
    `alert replay: ${r.steps} steps, ${r.items} items over 30 days of calendar (seed ${r.seed}), ${r.seconds} s`,
    row('', 'now', 'target (#15)', `before #15 (${BEFORE_ISSUE_15.measuredOn})`),
  ];
  for (const f of r.incidents) {
    const name = f.name as keyof typeof BEFORE_ISSUE_15.emailsPerIncident;
    lines.push(
      row(`${f.name} incident (${f.days.join(', ')}): emails per recipient`, f.emailsPerRecipientMax, TARGETS.emails, beforeOf(BEFORE_ISSUE_15.emailsPerIncident[name] ?? NaN)),
      row(`  emails to the officer / sent in all`, `${f.emailsToOfficer} / ${f.emails}`, '', ''),
      row(`  recoveries`, f.recoveries, TARGETS.recoveries, beforeOf(BEFORE_ISSUE_15.recoveriesPerIncident[name] ?? NaN)),
    );
  }
  lines.push(
    row('false recoveries (older window, or while breaking)', r.falseRecoveries, TARGETS.falseRecoveries, beforeOf(BEFORE_ISSUE_15.falseRecoveries)),
    row('alerts/recoveries for a window before yesterday', r.staleWindowEmails, TARGETS.stale, beforeOf(BEFORE_ISSUE_15.staleWindowEmails)),
    row('alert emails outside the two incidents', r.strayEmails.count, TARGETS.stray, beforeOf(BEFORE_ISSUE_15.strayEmails)),
    row('repeated verbatims in an email', r.duplicateQuotes, TARGETS.duplicates, beforeOf(BEFORE_ISSUE_15.duplicateQuotes)),
    row('p95 s from the breaking POST to its email', r.latencyP95Seconds === null ? null : Math.round(r.latencyP95Seconds * 10) / 10, TARGETS.latency, beforeOf(BEFORE_ISSUE_15.latencyP95Seconds)),
    `emails by kind: ${Object.entries(r.emailsByKind).map(([k, v]) => `${k} ${v}`).join(', ')}`,
  );
  return `${lines.join('\n')}\n`;
}
