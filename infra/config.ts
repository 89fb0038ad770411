import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { isTimeZone } from '../shared/domain/scores';
import { alertDailyBudgetSchema, alertUpdateHoursSchema } from '../shared/config/incident-policy';
import { DepartmentsConfigSchema, parseDepartmentsConfig } from '../shared/domain/departments/schema';
import { parseDeployedTargets } from '../shared/domain/notifications/targets';
import { SocialOwnAccountsSchema } from '../shared/domain/social-mentions/delivery';
import { ExportProfilesConfigSchema } from '../shared/domain/export-profiles';
import { REPO_ROOT } from './paths';
import { missingRegionalServices, regionTable, type ServiceNeed } from './regions';
import { comprehendOperationsOf } from '../shared/domain/comprehend-usage';
import type { RuleSetActivationMode } from '../shared/domain/receipt-rule-set-activation';

/**
 * A context key holding JSON: an object (cdk.json), JSON text, or a path to a JSON file
 * (relative to the repo root). Validated with the domain schema; kept as minified JSON,
 * which is what gets compiled into the bundles.
 */
function jsonContextSchema(key: string, schema: z.ZodType) {
  return z.unknown().transform((value, ctx) => {
    let candidate: unknown = value;
    if (typeof value === 'string') {
      const text = value.trim().startsWith('{')
        ? value
        : existsSync(path.resolve(REPO_ROOT, value))
          ? readFileSync(path.resolve(REPO_ROOT, value), 'utf8')
          : undefined;
      if (text === undefined) {
        ctx.addIssue({ code: 'custom', message: `${key}: "${value}" is neither JSON nor an existing file` });
        return z.NEVER;
      }
      try {
        candidate = JSON.parse(text);
      } catch (error) {
        ctx.addIssue({ code: 'custom', message: `${key}: invalid JSON (${(error as Error).message})` });
        return z.NEVER;
      }
    }
    const parsed = schema.safeParse(candidate);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) ctx.addIssue({ code: 'custom', message: issue.message, path: issue.path });
      return z.NEVER;
    }
    return JSON.stringify(candidate);
  });
}

/** `departments` context (see shared/domain/departments/schema.ts). */
const DepartmentsContextSchema = jsonContextSchema('departments', DepartmentsConfigSchema);

/** `exportProfiles` context: named Qualtrics presets and user mappings (see shared/domain/export-profiles/config.ts). */
const ExportProfilesContextSchema = jsonContextSchema('exportProfiles', ExportProfilesConfigSchema);

/**
 * `notifications` context: Slack, Teams and webhook targets by name, an array (cdk.json) or its
 * JSON text (`-c notifications='[…]'`). No URL or secret here: each entry gets a Secrets Manager
 * secret (infra/constructs/notifications.ts), so they never reach cdk.json or the template.
 */
const NotificationsContextSchema = z.unknown().transform((value, ctx) => {
  let candidate = value;
  if (typeof value === 'string') {
    try {
      candidate = JSON.parse(value);
    } catch (error) {
      ctx.addIssue({ code: 'custom', message: `notifications: invalid JSON (${(error as Error).message})` });
      return z.NEVER;
    }
  }
  try {
    return parseDeployedTargets(candidate);
  } catch (error) {
    ctx.addIssue({ code: 'custom', message: (error as Error).message });
    return z.NEVER;
  }
});

/**
 * `socialOwnAccounts` context: an object (cdk.json) or its JSON text (`-c socialOwnAccounts='{"x":["123"]}'`).
 * Posts by these accounts are never feedback.
 */
const SocialOwnAccountsContextSchema = z
  .unknown()
  .transform((value, ctx) => {
    if (typeof value !== 'string') return value;
    try {
      return JSON.parse(value) as unknown;
    } catch (error) {
      ctx.addIssue({ code: 'custom', message: `socialOwnAccounts: invalid JSON (${(error as Error).message})` });
      return z.NEVER;
    }
  })
  .pipe(SocialOwnAccountsSchema);

/** Used when `officerEmail` is not set, so `cdk synth` works with no context; the stack warns about it. */
export const PLACEHOLDER_OFFICER_EMAIL = 'officer@example.com';
/** Local part of the sender when `senderEmail` is not set: `customer-voice@<senderDomain or example.com>`. */
export const DEFAULT_SENDER_LOCAL_PART = 'customer-voice';
const PLACEHOLDER_SENDER_DOMAIN = 'example.com';

const DOMAIN_PATTERN = /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;
/** SES allows at most 100 recipients per receipt rule. */
export const MAX_INBOUND_RECIPIENTS = 100;

/**
 * `inboundRecipients` context: comma-separated addresses (`-c inboundRecipients=a@x.fr,b@x.fr`)
 * or a JSON array (cdk.json). Trimmed, lower-cased, de-duplicated.
 */
const InboundRecipientsSchema = z
  .union([z.string(), z.array(z.string())])
  .transform((value) => (Array.isArray(value) ? value : value.split(',')).map((r) => r.trim().toLowerCase()).filter((r) => r !== ''))
  .pipe(
    z
      .array(z.email('inboundRecipients must be email addresses'))
      .min(1, 'inboundRecipients must name at least one address')
      .max(MAX_INBOUND_RECIPIENTS, `inboundRecipients: SES allows at most ${MAX_INBOUND_RECIPIENTS} recipients per receipt rule`),
  )
  .transform((list) => [...new Set(list)]);

const REGION_PATTERN = /^[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-\d$/;
const RegionSchema = z.string().trim().toLowerCase().regex(REGION_PATTERN, 'must be an AWS region such as eu-west-1');

/** A region list replacing one row of infra/regions.ts: comma-separated (`-c`) or a JSON array (cdk.json). */
const RegionListSchema = z
  .union([z.string(), z.array(z.string())])
  .transform((value) => (Array.isArray(value) ? value : value.split(',')).map((r) => r.trim().toLowerCase()).filter((r) => r !== ''))
  .pipe(z.array(z.string().regex(REGION_PATTERN, 'must list AWS regions such as eu-west-1')).min(1, 'must name at least one region'));

/** `-c activateInboundRuleSet=true|takeover|false` (a boolean in cdk.json) → the activation mode, undefined for false. */
const ActivateInboundRuleSetSchema = z
  .union([z.boolean(), z.enum(['true', 'false', 'takeover'])], { error: 'activateInboundRuleSet must be true, takeover or false' })
  .transform((value): RuleSetActivationMode | undefined => (value === true || value === 'true' ? 'if-none-active' : value === 'takeover' ? 'takeover' : undefined));

/** The default stage: physical names stay those of the deployments made before stages existed. */
export const DEFAULT_STAGE = 'prod';

/**
 * Deployment configuration, read from CDK context (`cdk.json` or `-c key=value`).
 * Values given with `-c` arrive as strings, hence the coercions.
 */
export const StackConfigSchema = z
  .object({
    /** Chief Customer Officer: receives alert and digest emails. Placeholder when unset (with a synth warning). */
    officerEmail: z.email().optional(),
    /** Address the alert/digest emails are sent from; the stack creates its SES identity (address, or `senderDomain`). */
    senderEmail: z.email().optional(),
    /** Verify the whole domain in SES (DKIM records to publish) instead of the single `senderEmail` address. */
    senderDomain: z
      .string()
      .trim()
      .toLowerCase()
      .regex(DOMAIN_PATTERN, 'senderDomain must be a domain name such as example.com')
      .optional(),
    /**
     * The sender identity (address, or senderDomain) is already verified in this account and region:
     * grant sending on it instead of creating it (CloudFormation cannot create an identity that exists).
     */
    senderIdentityExists: z.union([z.boolean(), z.stringbool()]).default(false),
    /** Language of alert and digest emails. */
    mailLanguage: z.enum(['fr', 'en']).default('fr'),
    /**
     * The embedded model by default, on AWS as locally (no Comprehend calls, ≈ $2.3 per million items);
     * comprehend and hybrid call Amazon Comprehend, which only some regions offer (infra/regions.ts).
     */
    sentimentEngine: z.enum(['comprehend', 'lexicon', 'embedded', 'hybrid']).default('embedded'),
    /** The region to deploy to (else CDK_DEFAULT_REGION); unknown at synth without either, then `customer-voice doctor` checks it. */
    region: RegionSchema.optional(),
    /**
     * Deployment stage: `prod` keeps the historical physical names (stack CustomerVoice, dashboard, rule set);
     * any other stage prefixes every physical name, so stages live side by side in one account and region.
     */
    stage: z
      .string()
      .trim()
      .toLowerCase()
      .regex(/^[a-z][a-z0-9]{0,11}$/, 'stage must be a lower-case letter then up to 11 letters or digits, such as staging')
      .default(DEFAULT_STAGE),
    /** Replaces the table of regions offering Amazon Comprehend (infra/regions.ts). */
    comprehendRegions: RegionListSchema.optional(),
    /** Replaces the table of regions offering SES email receiving (infra/regions.ts). */
    sesReceivingRegions: RegionListSchema.optional(),
    /** Keep the names of staff customers praise or blame ("merci à Kevin") in clear; redacted by default. */
    redactionKeepStaffNames: z.union([z.boolean(), z.stringbool()]).default(false),
    /** Days a processed feedback item is kept (DynamoDB TTL). */
    retentionDays: z.coerce.number().int().min(1).max(3650).default(365),
    /** At most one incident-update email per incident per this many hours (only a severity rise sends one). */
    alertUpdateHours: alertUpdateHoursSchema('alertUpdateHours'),
    /** Incident and update emails per recipient per local day; what overflows goes out in the 18:00 summary. */
    alertDailyBudget: alertDailyBudgetSchema('alertDailyBudget'),
    /** IANA zone whose days and weeks are aggregated besides UTC. */
    timeZone: z
      .string()
      .default('Europe/Paris')
      .refine(isTimeZone, 'timeZone must be an IANA time zone such as Europe/Paris'),
    /**
     * Days a raw email/export object is kept in S3. Raw objects still hold unredacted
     * personal data and are only needed until processed or replayed, hence short.
     */
    rawRetentionDays: z.coerce.number().int().min(1).max(3650).default(30),
    /** The dashboard's own host name (e.g. voice.acme.fr, a CNAME to the distribution); default the CloudFront domain. Needs dashboardCertificateArn. */
    dashboardDomain: z
      .string()
      .trim()
      .toLowerCase()
      .regex(DOMAIN_PATTERN, 'dashboardDomain must be a host name such as voice.example.com')
      .optional(),
    /** The ACM certificate of dashboardDomain: CloudFront only takes certificates from us-east-1. */
    dashboardCertificateArn: z
      .string()
      .trim()
      .regex(/^arn:aws[a-z-]*:acm:us-east-1:\d{12}:certificate\/[0-9a-f-]+$/, 'dashboardCertificateArn must be an ACM certificate ARN in us-east-1 (CloudFront reads certificates there only)')
      .optional(),
    /** Operator address subscribed to the alarm topic (confirmation email required). */
    alarmEmail: z.email().optional(),
    /** Department configuration (see shared/domain/departments/schema.ts); the built-in defaults when absent. */
    departments: DepartmentsContextSchema.optional(),
    /** Export profiles the deployment adds to the built-in ones, usable as `?profile=<name>`; none when absent. */
    exportProfiles: ExportProfilesContextSchema.optional(),
    /**
     * Email channel: a domain whose MX record points to SES inbound in this region. Every address of the
     * domain is received (unless inboundRecipients narrows it). With this or inboundRecipients the stack
     * creates an SES receipt rule set writing to the raw bucket; without either, no SES receiving.
     */
    inboundDomain: z
      .string()
      .trim()
      .toLowerCase()
      .regex(DOMAIN_PATTERN, 'inboundDomain must be a domain name such as feedback.example.com')
      .optional(),
    /** Email channel: only these addresses are received (comma-separated); each must be of inboundDomain when both are set. */
    inboundRecipients: InboundRecipientsSchema.optional(),
    /**
     * Email channel: activate the stack's receipt rule set at deploy time (a region has one active set).
     * `true` refuses, failing the deployment, when another set is active; `takeover` replaces it.
     * Unset or `false`: the set stays inactive (the stack output says how to activate it by hand).
     */
    activateInboundRuleSet: ActivateInboundRuleSetSchema.optional(),
    /**
     * Social channel: the company's own accounts, whose posts are skipped — `{ "x": [user ids],
     * "meta": [page and Instagram account ids], "generic": [handles] }`. The subscribed X account
     * and the page an event is about are skipped even when not listed.
     */
    socialOwnAccounts: SocialOwnAccountsContextSchema.default({}),
    /** Slack, Teams and signed webhook targets of incidents, recoveries, briefs and digests (README, Notifications). */
    notifications: NotificationsContextSchema.default([]),
  })
  .superRefine((config, ctx) => {
    if (config.senderDomain && config.senderEmail && domainOf(config.senderEmail) !== config.senderDomain) {
      ctx.addIssue({
        code: 'custom',
        path: ['senderEmail'],
        message: `senderEmail must be an address of senderDomain (${config.senderDomain}): SES only lets the domain identity send from its own addresses`,
      });
    }
    if (Boolean(config.dashboardDomain) !== Boolean(config.dashboardCertificateArn)) {
      ctx.addIssue({
        code: 'custom',
        path: [config.dashboardDomain ? 'dashboardCertificateArn' : 'dashboardDomain'],
        message: 'dashboardDomain and dashboardCertificateArn go together: the custom host name needs its certificate (ACM, us-east-1), and the certificate its host name',
      });
    }
    if (config.activateInboundRuleSet && !config.inboundDomain && !config.inboundRecipients) {
      ctx.addIssue({
        code: 'custom',
        path: ['activateInboundRuleSet'],
        message: 'activateInboundRuleSet needs a receipt rule set to activate: set inboundDomain (or inboundRecipients) too',
      });
    }
    try {
      parseDeployedTargets(config.notifications, parseDepartmentsConfig(config.departments).departments.map((d) => d.id));
    } catch (error) {
      ctx.addIssue({ code: 'custom', path: ['notifications'], message: (error as Error).message });
    }
    if (config.inboundDomain && config.inboundRecipients) {
      const foreign = config.inboundRecipients.filter((r) => domainOf(r) !== config.inboundDomain);
      if (foreign.length > 0) {
        ctx.addIssue({
          code: 'custom',
          path: ['inboundRecipients'],
          message: `inboundRecipients must be addresses of inboundDomain (${config.inboundDomain}): ${foreign.join(', ')}`,
        });
      }
    }
  });

const domainOf = (email: string): string => email.slice(email.lastIndexOf('@') + 1).toLowerCase();

/** Context keys whose placeholder value was used because the deployer did not set them. */
export type PlaceholderKey = 'officerEmail' | 'senderEmail';

export type StackConfig = Omit<z.infer<typeof StackConfigSchema>, 'officerEmail' | 'senderEmail'> & {
  readonly officerEmail: string;
  readonly senderEmail: string;
  /** Unset keys that got a placeholder (example.com) address; the stack adds a synth warning for each. */
  readonly placeholders: readonly PlaceholderKey[];
};

export const CONTEXT_KEYS = Object.keys(StackConfigSchema.shape) as (keyof typeof StackConfigSchema.shape)[];

export class InvalidStackConfigError extends Error {
  constructor(details: string, options?: { cause?: unknown }) {
    super(
      `Invalid CDK context for customer-voice:\n${details}\n` +
        'Set values in cdk.json "context" or on the command line, e.g. ' +
        '`npx cdk deploy -c officerEmail=cco@example.com -c sentimentEngine=lexicon -c retentionDays=365`.',
      options,
    );
    this.name = 'InvalidStackConfigError';
  }
}

/** What the configuration needs from the region, each with what to change instead. */
function regionalNeeds(config: z.infer<typeof StackConfigSchema>): ServiceNeed[] {
  const needs: ServiceNeed[] = [];
  if (comprehendOperationsOf(config.sentimentEngine).length > 0) {
    needs.push({
      service: 'comprehend',
      because: `sentimentEngine=${config.sentimentEngine} calls it`,
      instead: 'Use -c sentimentEngine=embedded (the default, no Comprehend), or deploy to a region that offers it.',
    });
  }
  if (config.inboundDomain || config.inboundRecipients) {
    needs.push({
      service: 'sesReceiving',
      because: 'inboundDomain / inboundRecipients create a receipt rule set',
      instead: 'Leave inboundDomain and inboundRecipients unset (emails can still be dropped under inbound/ in the raw bucket), or deploy to a region that receives email.',
    });
  }
  return needs;
}

export interface ParseStackConfigOptions {
  /** The region when `-c region` is not given: CDK_DEFAULT_REGION, which the cdk CLI sets from the profile. */
  readonly defaultRegion?: string;
}

/** Validates the known context keys; unknown keys (feature flags, lookups) are ignored. */
export function parseStackConfig(readContext: (key: string) => unknown, options: ParseStackConfigOptions = {}): StackConfig {
  const raw: Record<string, unknown> = {};
  for (const key of CONTEXT_KEYS) {
    const value = readContext(key);
    // An empty `-c alarmEmail=` means "not set", not "invalid email".
    if (value !== undefined && value !== null && value !== '') raw[key] = value;
  }
  if (raw.region === undefined && options.defaultRegion) raw.region = options.defaultRegion;
  const parsed = StackConfigSchema.safeParse(raw);
  if (!parsed.success) throw new InvalidStackConfigError(z.prettifyError(parsed.error), { cause: parsed.error });
  if (parsed.data.region) {
    const table = regionTable({ comprehend: parsed.data.comprehendRegions, sesReceiving: parsed.data.sesReceivingRegions });
    const missing = missingRegionalServices(table, parsed.data.region, regionalNeeds(parsed.data));
    if (missing.length > 0) throw new InvalidStackConfigError(missing.map((m) => `✖ ${m}`).join('\n'));
  }
  const { officerEmail, senderEmail, ...rest } = parsed.data;
  const placeholders: PlaceholderKey[] = [];
  if (!officerEmail) placeholders.push('officerEmail');
  // With senderDomain, customer-voice@<domain> is a real, sendable address: no placeholder.
  if (!senderEmail && !rest.senderDomain) placeholders.push('senderEmail');
  return {
    ...rest,
    officerEmail: officerEmail ?? PLACEHOLDER_OFFICER_EMAIL,
    senderEmail: senderEmail ?? `${DEFAULT_SENDER_LOCAL_PART}@${rest.senderDomain ?? PLACEHOLDER_SENDER_DOMAIN}`,
    placeholders,
  };
}
