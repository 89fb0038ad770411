// Namespace import: lets esbuild tree-shake zod (its `z` object drags in every locale, ~370 KB).
import * as z from 'zod';
import { parseJsonConfig } from '../json-config';
import { DEFAULT_IGNORED, DEFAULT_JOURNEYS, DEFAULT_ORGANISATION } from './default-config';
import { TargetsSchema } from '../objectives/target';
import { termProblem } from './terms';

export const UNASSIGNED = 'unassigned';

const TermSchema = z
  .string()
  .trim()
  .min(1, 'terms cannot be empty')
  .superRefine((term, ctx) => {
    const problem = termProblem(term);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  });
const TermListSchema = z.array(TermSchema).default([]);
const TermsSchema = z.object({ en: TermListSchema, fr: TermListSchema }).strict();
export type Terms = z.infer<typeof TermsSchema>;

const idSchema = (what: string) => z.string().regex(/^[a-z0-9][a-z0-9-]*$/, `${what} ids are lowercase letters, digits and "-"`);
const NamesSchema = z.object({ en: z.string().min(1), fr: z.string().min(1) }).strict();

/** The languages emails are written in (as `Lang` of the alert wording). */
export const OWNER_LANGS = ['fr', 'en'] as const;
const ownerEmailSchema = z.email('owners must be email addresses');

/**
 * A department owner: an address (reads the deployment's mail language), or `{ email, lang }`
 * for an owner who reads the other one. Parsed into `{ email, lang? }` either way.
 */
export const OwnerSchema = z
  .union(
    [
      ownerEmailSchema,
      z.object({ email: ownerEmailSchema, lang: z.enum(OWNER_LANGS).optional() }).strict(),
    ],
    { error: 'owners must be email addresses or { "email": "…", "lang": "fr" | "en" }' },
  )
  .transform((o): { email: string; lang?: (typeof OWNER_LANGS)[number] } => (typeof o === 'string' ? { email: o } : o));
export type Owner = z.output<typeof OwnerSchema>;

/** When a department's scores should alert; the lead's alert rules read these. */
export const ThresholdsSchema = z
  .object({
    /** Share of negative items in a window above which the department alerts (0–1). */
    negativeShare: z.number().min(0).max(1).default(0.35),
    /** Fewest items in a window before any rule may fire. */
    minVolume: z.number().int().min(1).default(20),
    /** NPS (−100…100) below which the department alerts. */
    npsBelow: z.number().min(-100).max(100).default(0),
    /** Average CSAT (1–5) below which the department alerts. */
    csatBelow: z.number().min(1).max(5).default(3.5),
    /** Average CES (1–7, higher is more effort) above which the department alerts. */
    cesAbove: z.number().min(1).max(7).default(5),
    /**
     * Negative items two departments share in a week from which their owners get an interface
     * brief (an open incident on the pair sends one whatever the count). A pair uses the lower
     * of its two departments' values.
     */
    hotspotBriefMin: z.number().int().min(1).default(10),
  })
  .strict();
export type Thresholds = z.infer<typeof ThresholdsSchema>;

/** A department's own thresholds: any subset, the rest inherited from the configuration's. */
const ThresholdOverridesSchema = z
  .object({
    negativeShare: z.number().min(0).max(1).optional(),
    minVolume: z.number().int().min(1).optional(),
    npsBelow: z.number().min(-100).max(100).optional(),
    csatBelow: z.number().min(1).max(5).optional(),
    cesAbove: z.number().min(1).max(7).optional(),
    hotspotBriefMin: z.number().int().min(1).optional(),
  })
  .strict();

export const DepartmentSchema = z
  .object({
    id: idSchema('department'),
    names: NamesSchema,
    /** Words and phrases, FR and EN, that put an item under this department. */
    keywords: TermsSchema.prefault({}),
    /** Other spellings a source may use in an explicit department field ("SAV", "Logistique"). */
    aliases: z.array(z.string().min(1)).default([]),
    /** Journeys this department owns (ids from `journeys`). */
    journeys: z.array(z.string()).default([]),
    /** Who receives this department's incidents (and the digest), each in their language. */
    owners: z.array(OwnerSchema).default([]),
    thresholds: ThresholdOverridesSchema.optional(),
    /** Objectives: `[{ metric, value, by }]`; the digest, the API and the overview show the gap and the trajectory. */
    targets: TargetsSchema,
    /** `false`: its owners get no note of recognition when the department is among the week's most improved. */
    recognition: z.boolean().default(true),
  })
  .strict();

export const JourneySchema = z
  .object({
    id: idSchema('journey'),
    names: NamesSchema,
    keywords: TermsSchema.prefault({}),
    aliases: z.array(z.string().min(1)).default([]),
  })
  .strict();
export type Journey = z.infer<typeof JourneySchema>;

/** Department for items nothing else attributes, keyed `<channel>` or `<channel>/<provider>` (`social`, `export/genesys`). */
const ChannelDefaultsSchema = z.record(z.string(), z.string()).superRefine((defaults, ctx) => {
  for (const key of Object.keys(defaults)) {
    if (!/^(email|export|social|api)(\/[A-Za-z0-9._-]+)?$/.test(key)) {
      const message = `"${key}" is not a channel: use "<channel>" or "<channel>/<provider>", channel one of email, export, social, api`;
      ctx.addIssue({ code: 'custom', path: [key], message });
    }
  }
});

const ConfigObjectSchema = z.object({
  /** Defaults for every department's thresholds (each department may override any of them). */
  thresholds: ThresholdsSchema.prefault({}),
  departments: z.array(DepartmentSchema).min(1, 'configure at least one department'),
  journeys: z.array(JourneySchema).prefault(DEFAULT_JOURNEYS),
  channelDefaults: ChannelDefaultsSchema.default({}),
  /** Phrases whose words never count as a match (see DEFAULT_IGNORED). */
  ignore: TermsSchema.prefault(DEFAULT_IGNORED),
});

export const DepartmentsConfigSchema = ConfigObjectSchema.superRefine((c, ctx) => {
  const seen = new Set<string>();
  c.departments.forEach((d, i) => {
    const path = ['departments', i, 'id'];
    if (d.id === UNASSIGNED) ctx.addIssue({ code: 'custom', path, message: `"${UNASSIGNED}" is reserved for items no department claims` });
    if (seen.has(d.id)) ctx.addIssue({ code: 'custom', path, message: `department id "${d.id}" is used twice; ids must be unique` });
    seen.add(d.id);
  });
  const journeyIds = new Set<string>();
  c.journeys.forEach((j, i) => {
    const message = `journey id "${j.id}" is used twice; ids must be unique`;
    if (journeyIds.has(j.id)) ctx.addIssue({ code: 'custom', path: ['journeys', i, 'id'], message });
    journeyIds.add(j.id);
  });
  c.departments.forEach((d, i) =>
    d.journeys.forEach((j, k) => {
      if (!journeyIds.has(j)) {
        const message = `unknown journey "${j}"; configured journeys: ${[...journeyIds].join(', ')}`;
        ctx.addIssue({ code: 'custom', path: ['departments', i, 'journeys', k], message });
      }
    }),
  );
  for (const [channel, department] of Object.entries(c.channelDefaults)) {
    if (department !== UNASSIGNED && !seen.has(department)) {
      const message = `unknown department "${department}"; configured departments: ${[...seen].filter((id) => id !== UNASSIGNED).join(', ')}`;
      ctx.addIssue({ code: 'custom', path: ['channelDefaults', channel], message });
    }
  }
}).transform((c) => ({
  ...c,
  departments: c.departments.map(({ thresholds, ...d }) => ({ ...d, thresholds: withOverrides(c.thresholds, thresholds) })),
}));
export type DepartmentsConfig = z.infer<typeof DepartmentsConfigSchema>;
export type Department = DepartmentsConfig['departments'][number];

function withOverrides(base: Thresholds, overrides: Partial<Thresholds> | undefined): Thresholds {
  const merged = { ...base };
  for (const [key, value] of Object.entries(overrides ?? {}) as [keyof Thresholds, number | undefined][]) {
    if (value !== undefined) merged[key] = value;
  }
  return merged;
}

/** The default organisation: the departments a customer officer usually arbitrates between. */
export const DEFAULT_DEPARTMENTS: DepartmentsConfig = DepartmentsConfigSchema.parse(DEFAULT_ORGANISATION);

/** A departments configuration that cannot be used, with every problem and where it is. */
export class InvalidDepartmentsConfigError extends Error {
  override readonly name = 'InvalidDepartmentsConfigError';
}

/** Loads a department configuration from JSON text (env, file, CDK context); defaults when absent. */
export function parseDepartmentsConfig(json: string | undefined, source = 'departments config'): DepartmentsConfig {
  if (!json || !json.trim()) return DEFAULT_DEPARTMENTS;
  return parseJsonConfig(json, DepartmentsConfigSchema, source, InvalidDepartmentsConfigError);
}

/** The owners' addresses of a department. */
export function ownerAddresses(department: Pick<Department, 'owners'>): string[] {
  return department.owners.map((o) => o.email);
}

/** A department's alert thresholds; `unassigned` and unknown ids get the configuration's defaults. */
export function thresholdsFor(config: DepartmentsConfig, departmentId: string): Thresholds {
  return config.departments.find((d) => d.id === departmentId)?.thresholds ?? config.thresholds;
}
