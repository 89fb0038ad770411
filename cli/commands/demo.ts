import { parseArgs } from 'node:util';
import { MAX_ITEMS_PER_REQUEST } from '../../shared/domain/feedback';
import { ENV } from '../../shared/resources';
import { DEMO_STORY, generateDemoFeedback, loadDemoTemplates } from '../demo/demo-feedback';
import { target } from './api-target';
import { isoDate, UsageError, type Command } from './command';

export const demo: Command = {
  usage: `  demo [--seed N] [--now ISO]  load eight weeks of demo feedback (data/demo/, FR and EN) into the running stack through
                              POST /v1/feedback, for a first look at the dashboard; running it again adds nothing`,
  async run(args) {
    const { values } = parseArgs({ args, options: { seed: { type: 'string', default: '8' }, now: { type: 'string' } } });
    const seed = Number(values.seed);
    if (!Number.isInteger(seed) || seed < 0) throw new UsageError('--seed must be a non-negative integer');
    // --now: the local stack's clock when it is set elsewhere (PUT /_local/clock); items are dated up to it.
    const now = values.now ? isoDate(values.now, '--now') : new Date();
    // The stack's zone (TIME_ZONE, Europe/Paris unless set), whose weeks the dashboard shows.
    const zone = process.env[ENV.timeZone] ?? 'Europe/Paris';
    const items = generateDemoFeedback(await loadDemoTemplates(), { now, zone, seed });
    const { apiUrl, key } = await target('ingest');
    let accepted = 0;
    for (let at = 0; at < items.length; at += MAX_ITEMS_PER_REQUEST) {
      let res: Response;
      try {
        res = await fetch(`${apiUrl}/v1/feedback`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-api-key': key },
          body: JSON.stringify({ items: items.slice(at, at + MAX_ITEMS_PER_REQUEST) }),
        });
      } catch (error) {
        throw new UsageError(`The API at ${apiUrl} does not answer (${(error as Error).message}): start the stack with "npm start".`);
      }
      const body = (await res.json().catch(() => undefined)) as { accepted?: unknown[]; rejected?: { index: number; error: string }[]; error?: { message: string } } | undefined;
      if (res.status !== 202) throw new Error(`POST /v1/feedback answered ${res.status}: ${body?.error?.message ?? JSON.stringify(body)}`);
      if (body?.rejected?.length) throw new Error(`the API refused demo items: ${body.rejected.map((r) => `#${at + r.index} ${r.error}`).join('; ')}`);
      accepted += body?.accepted?.length ?? 0;
      process.stderr.write(`\rsent ${Math.min(at + MAX_ITEMS_PER_REQUEST, items.length)}/${items.length}`);
    }
    process.stderr.write(
      `\n${accepted} demo items over the last ${DEMO_STORY.weeks} weeks are being processed (items already stored count once, so a second run adds nothing).\n` +
        `What to look for: ${DEMO_STORY.improving} improving, ${DEMO_STORY.slipping} slipping, ${DEMO_STORY.pair.join(' and ')} failing together, the ${DEMO_STORY.heaviestJourney} journey carrying most complaints.\n`,
    );
    process.stdout.write(`${JSON.stringify({ sent: items.length, accepted, weeks: DEMO_STORY.weeks, seed })}\n`);
  },
};
