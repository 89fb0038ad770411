/**
 * Eight weeks of demo feedback for a first look at the dashboard, drawn from the texts in
 * data/demo/templates.json by a seeded generator: the same seed gives the same items with the
 * same ids (a second `customer-voice demo` adds nothing), only their dates follow `now`.
 *
 * The story the weeks tell: delivery improves (complaints about lost parcels fade), digital
 * slips (an app update that crashes), billing and the contact centre share a recurring problem
 * (credit notes promised on the phone that never reach the invoice), and the billing journey
 * carries most of the negative items.
 */
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import * as z from 'zod';
import type { FeedbackInput, Ratings } from '../../shared/domain/feedback';
import { windowStart } from '../../shared/domain/scores';

export const DEMO_TEMPLATES_FILE = resolve(import.meta.dirname, '../../data/demo/templates.json');

const TONES = ['positive', 'neutral', 'negative'] as const;
type Tone = (typeof TONES)[number];

const DemoTemplateSchema = z
  .object({
    departments: z.array(z.string().regex(/^[a-z0-9-]+$/)).min(1).max(2),
    tone: z.enum(TONES),
    lang: z.enum(['fr', 'en']),
    via: z.string().regex(/^[a-z0-9][a-z0-9-]*$/),
    text: z.string().min(1).max(500),
  })
  .strict();
export type DemoTemplate = z.infer<typeof DemoTemplateSchema>;

export const DemoTemplatesSchema = z.object({ about: z.string(), templates: z.array(DemoTemplateSchema).min(1) }).strict();

export async function loadDemoTemplates(file = DEMO_TEMPLATES_FILE): Promise<DemoTemplate[]> {
  return DemoTemplatesSchema.parse(JSON.parse(await readFile(file, 'utf8'))).templates;
}

/** Who improves, who slips, which pair keeps failing together: what the generator shapes. */
export const DEMO_STORY = {
  weeks: 8,
  improving: 'delivery',
  slipping: 'digital',
  pair: ['billing', 'contact-centre'],
  /** The journey most negative items are about (billing complaints and the pair's). */
  heaviestJourney: 'billing',
} as const;

/** Each department's share of negative items in week `w` (0 = the oldest of the eight). */
function negativeShare(department: string, w: number): number {
  if (department === DEMO_STORY.improving) return 0.6 - 0.07 * w;
  if (department === DEMO_STORY.slipping) return 0.08 + 0.06 * w;
  if (department === 'billing') return 0.4;
  return 0.18;
}
const NEUTRAL_SHARE = 0.12;
/** Items per department per week: above the digest's minimum of 20, so every department is ranked. */
const WEEKLY_BASE = 22;
const WEEKLY_SPREAD = 8;
const PAIR_ITEMS_PER_WEEK = 5;

/** mulberry32: a small seeded generator, the same sequence on every machine. */
function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

const RATING_RANGES: Readonly<Record<Tone, { nps: [number, number]; csat: [number, number]; ces: [number, number] }>> = {
  positive: { nps: [9, 10], csat: [4, 5], ces: [1, 3] },
  neutral: { nps: [7, 8], csat: [3, 4], ces: [3, 4] },
  negative: { nps: [0, 6], csat: [1, 2], ces: [5, 7] },
};

const DAY_MS = 86_400_000;

export interface DemoOptions {
  now: Date;
  /** The zone whose calendar weeks the items fill (the dashboard's default period is this week there). */
  zone: string;
  seed?: number;
}

/** The demo items, oldest week first; ids (`externalId`) depend on the seed and templates only. */
export function generateDemoFeedback(templates: readonly DemoTemplate[], options: DemoOptions): FeedbackInput[] {
  const random = seeded(options.seed ?? 8);
  const between = ([lo, hi]: [number, number]) => lo + Math.floor(random() * (hi - lo + 1));
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
  const single = (department: string, tone: Tone) => templates.filter((t) => t.departments.length === 1 && t.departments[0] === department && t.tone === tone);
  const pairTemplates = templates.filter((t) => t.departments.length === 2 && DEMO_STORY.pair.every((d) => t.departments.includes(d)));
  const departments = [...new Set(templates.filter((t) => t.departments.length === 1).map((t) => t.departments[0]!))];
  const latest = options.now.getTime() - 10 * 60_000;

  // Calendar weeks of the zone, the last one being this week so far: the overview's default
  // period opens on the story's end, ranked, whatever the weekday.
  const thisWeek = windowStart(options.now, 'week', options.zone).getTime();
  /** A daytime moment of week `w`, never later than ten minutes ago. */
  const momentIn = (w: number): string => {
    if (w === DEMO_STORY.weeks - 1) return new Date(thisWeek + Math.floor(random() * Math.max(0, latest - thisWeek))).toISOString();
    const day = new Date(thisWeek - (DEMO_STORY.weeks - 1 - w) * 7 * DAY_MS + Math.floor(random() * 7) * DAY_MS);
    day.setUTCHours(7 + Math.floor(random() * 12), Math.floor(random() * 60), Math.floor(random() * 60), 0);
    return day.toISOString();
  };
  const item = (template: DemoTemplate, w: number, externalId: string): FeedbackInput => {
    const ratings: Ratings | undefined =
      template.via === 'survey'
        ? { nps: between(RATING_RANGES[template.tone].nps), csat: between(RATING_RANGES[template.tone].csat), ces: between(RATING_RANGES[template.tone].ces) }
        : undefined;
    return {
      text: template.text,
      externalId,
      occurredAt: momentIn(w),
      lang: template.lang,
      provider: template.via,
      ...(ratings ? { ratings } : {}),
      metadata: { demo: true },
    };
  };

  const items: FeedbackInput[] = [];
  for (let w = 0; w < DEMO_STORY.weeks; w++) {
    for (const department of departments) {
      const count = WEEKLY_BASE + Math.floor(random() * WEEKLY_SPREAD);
      for (let k = 0; k < count; k++) {
        const draw = random();
        const negative = negativeShare(department, w);
        const tone: Tone = draw < negative ? 'negative' : draw < negative + NEUTRAL_SHARE ? 'neutral' : 'positive';
        const candidates = single(department, tone);
        if (candidates.length === 0) continue;
        items.push(item(pick(candidates), w, `demo-w${w}-${department}-${k}`));
      }
    }
    for (let k = 0; k < PAIR_ITEMS_PER_WEEK && pairTemplates.length > 0; k++) items.push(item(pick(pairTemplates), w, `demo-w${w}-${DEMO_STORY.pair.join('+')}-${k}`));
  }
  return items;
}
