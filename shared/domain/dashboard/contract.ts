/**
 * The dashboard's public contract: who is asking (the viewer, from the sign-in token's claims),
 * what each dashboard route takes and answers (zod schemas the API validates its queries with and
 * the page parses its responses with), and how the page learns how to sign in. The page imports
 * this file; nothing here does I/O.
 *
 * Routes (served by the read API, signed-in users only; `ROUTES` in shared/resources.ts):
 *   GET  /v1/dashboard/session                         → SessionResponse
 *   GET  /v1/dashboard/overview?period&at&zone         → OverviewResponse (with the departments off-track)
 *   GET  /v1/dashboard/departments/{id}?from&to&granularity&zone → DepartmentResponse (with its objectives)
 *   GET  /v1/dashboard/verbatims?department&pair&journey&sentiment&channel&from&to&limit → VerbatimsResponse
 *   GET  /v1/dashboard/interfaces?period&at&zone       → InterfacesResponse
 *   GET  /v1/dashboard/journeys?period&at&zone         → JourneysResponse
 *   GET  /v1/dashboard/incidents?status                → IncidentsResponse
 *   POST /v1/dashboard/incidents/{id}/ack|assign|resolve (admin API) → { incident: IncidentView }
 * On AWS an API Gateway JWT authorizer (Cognito) guards exactly these routes and hands the ID
 * token's claims to the function in `requestContext.authorizer.jwt.claims`; locally the stack
 * verifies its own tokens and fills the same field. The API keys keep the other routes.
 */
// Namespace import: lets esbuild tree-shake zod.
import * as z from 'zod';

// ---------------------------------------------------------------------------------------------
// Who is asking

/** The Cognito group whose members see every department. */
export const OFFICER_GROUP = 'officer';

/**
 * The claims the functions read, as API Gateway's JWT authorizer hands them over: every value a
 * string (Cognito's `cognito:groups` array arrives flattened, e.g. `"[officer]"` or
 * `"[officer other]"`; a local token may carry it the same way).
 */
export type JwtClaims = Record<string, string | number | boolean | string[] | undefined>;

/** The signed-in user: the officer sees every department; an owner the departments whose `owners` list their verified email. */
export type Viewer =
  | { role: 'officer'; email: string; subject: string }
  | { role: 'owner'; email: string; subject: string; departments: string[] };

// ---------------------------------------------------------------------------------------------
// Queries

export const PERIODS = ['day', 'week', 'month'] as const;
export type Period = (typeof PERIODS)[number];
/** Chart granularity: `month` is a sum of local days. */
export const DASHBOARD_GRANULARITIES = ['day', 'week', 'month'] as const;
export type DashboardGranularity = (typeof DASHBOARD_GRANULARITIES)[number];
/** `local` = the deployment's configured zone; `UTC` = UTC. */
export const ZONES = ['local', 'UTC'] as const;

const isoDateTime = (name: string) => z.iso.datetime({ offset: true, message: `${name} must be an ISO 8601 date-time, e.g. 2026-12-02T00:00:00Z` });
const id = z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'ids are lowercase letters, digits and "-"');

/** Overview, interfaces and journeys: one period holding `at` (default now), in one zone. */
export const PeriodQuerySchema = z
  .object({
    period: z.enum(PERIODS, { message: 'period is day, week or month' }).default('week'),
    at: isoDateTime('at').optional(),
    zone: z.enum(ZONES, { message: 'zone is local or UTC' }).default('local'),
  })
  .strict();
export type PeriodQuery = z.infer<typeof PeriodQuerySchema>;

export const DepartmentQuerySchema = z
  .object({
    from: isoDateTime('from').optional(),
    to: isoDateTime('to').optional(),
    granularity: z.enum(DASHBOARD_GRANULARITIES, { message: 'granularity is day, week or month' }).default('day'),
    zone: z.enum(ZONES, { message: 'zone is local or UTC' }).default('local'),
  })
  .strict();
export type DepartmentQuery = z.infer<typeof DepartmentQuerySchema>;

export const SENTIMENTS = ['positive', 'neutral', 'negative', 'mixed'] as const;

/** Exactly one of department or pair (`billing+delivery`); the other filters narrow it. */
export const VerbatimsQuerySchema = z
  .object({
    department: id.optional(),
    pair: z.string().regex(/^[a-z0-9-]+\+[a-z0-9-]+$/, 'pair is two department ids joined by "+", e.g. billing+delivery').optional(),
    journey: id.optional(),
    sentiment: z.enum(SENTIMENTS).optional(),
    channel: z.string().max(40).optional(),
    from: isoDateTime('from').optional(),
    to: isoDateTime('to').optional(),
    limit: z.coerce.number().int().min(1).max(200).default(50),
  })
  .strict();
export type VerbatimsQuery = z.infer<typeof VerbatimsQuerySchema>;

export const IncidentsQuerySchema = z.object({ status: z.enum(['open', 'recovered', 'resolved']).optional() }).strict();

// ---------------------------------------------------------------------------------------------
// Responses (what the page parses)

const NamesSchema = z.object({ en: z.string(), fr: z.string() });
const nullableNumber = z.number().nullable();

export const ScoreSchema = z.object({
  count: z.number(),
  positive: z.number(),
  neutral: z.number(),
  negative: z.number(),
  mixed: z.number(),
  sentimentIndex: nullableNumber,
  negativeShare: nullableNumber,
  nps: nullableNumber,
  csat: nullableNumber,
  ces: nullableNumber,
});
export type ScorePayload = z.infer<typeof ScoreSchema>;

export const ChangeSchema = z.object({
  count: nullableNumber,
  sentimentIndex: nullableNumber,
  negativeShare: nullableNumber,
  nps: nullableNumber,
  csat: nullableNumber,
  ces: nullableNumber,
});

export const PeriodSchema = z.object({
  kind: z.enum(PERIODS),
  /** ISO instants: first and last millisecond of the period, and the same for the one before. */
  start: z.string(),
  end: z.string(),
  previousStart: z.string(),
  /** The IANA zone the period is cut in (the configured zone, or UTC). */
  zone: z.string(),
});

export const ViewerSchema = z.object({
  role: z.enum(['officer', 'owner']),
  email: z.string(),
  /** Departments this viewer may see (every one for the officer, `unassigned` included). */
  departments: z.array(z.string()),
});

/** An emerging-negative-topic rule's topic, as `GET /v1/alerts` shows it (IncidentTopicView). */
export const IncidentTopicSchema = z.object({
  key: z.string(),
  phrase: z.string(),
  reason: z.enum(['rise', 'new']),
  window: z.string(),
  since: z.string().optional(),
  test: z.string(),
  statistic: z.number(),
  threshold: z.number(),
  support: z.number(),
  items: z.number(),
  share: z.number(),
  baselineShare: z.number(),
  negativeShare: z.number(),
  examples: z.array(z.object({ id: z.string(), text: z.string(), occurredAt: z.string() })),
});

export const IncidentViewSchema = z.object({
  id: z.string(),
  scope: z.union([z.object({ department: z.string() }), z.object({ pair: z.tuple([z.string(), z.string()]) }), z.object({ journey: z.string() })]),
  window: z.string(),
  severity: z.enum(['minor', 'major', 'critical']),
  status: z.enum(['open', 'recovered', 'resolved']),
  openedAt: z.string(),
  updatedAt: z.string(),
  recoveredAt: z.string().optional(),
  rules: z.array(z.object({ rule: z.string(), value: z.number(), threshold: z.number(), baseline: nullableNumber, volume: z.number(), topics: z.array(IncidentTopicSchema).optional() })),
  verbatims: z.array(z.object({ id: z.string(), text: z.string(), occurredAt: z.string() }).loose()),
  acknowledged: z.object({ by: z.string(), at: z.string() }).loose().optional(),
  assignee: z.string().optional(),
  resolved: z.object({ by: z.string(), at: z.string(), note: z.string() }).loose().optional(),
  /** Each rule's sentence in both languages, as the email had it. */
  messages: z.array(z.object({ rule: z.string(), message: NamesSchema })).optional(),
  /** What happened to it, oldest first: opened, updated, acknowledged, assigned, recovered, resolved. */
  history: z.array(z.object({ at: z.string(), event: z.string(), by: z.string().optional(), detail: z.string().optional() })).optional(),
});
export type IncidentPayload = z.infer<typeof IncidentViewSchema>;

/**
 * What an objective's metric is (shared/domain/objectives/target.ts holds the scales). This list
 * and the statuses below mirror the domain's: the use cases assign the domain's assessments to
 * `ObjectivePayload`, so a metric or status the contract lacks does not compile.
 */
export const OBJECTIVE_METRIC_NAMES = ['nps', 'csat', 'ces', 'sentimentIndex', 'negativeShare'] as const;

/**
 * One target and where the department stands (shared/domain/objectives/trajectory.ts): `gap` is
 * the distance still to cover in the metric's better direction (0 or less: reached),
 * `slopePerWeek` the least-squares slope of the last eight complete weeks, `weeksToReach` and
 * `reachedAround` where that pace leads (on-track and off-track only).
 */
export const ObjectiveSchema = z.object({
  metric: z.enum(OBJECTIVE_METRIC_NAMES),
  target: z.number(),
  /** The target's last day, YYYY-MM-DD in the configured zone. */
  by: z.string(),
  current: nullableNumber,
  currentWeek: z.string().nullable(),
  gap: nullableNumber,
  slopePerWeek: nullableNumber,
  weeksUsed: z.number(),
  weeksThin: z.number(),
  status: z.enum(['reached', 'on-track', 'off-track', 'moving-away', 'flat', 'missed', 'not-enough-data']),
  weeksToReach: nullableNumber,
  reachedAround: z.string().nullable(),
  offTrack: z.boolean(),
});
export type ObjectivePayload = z.infer<typeof ObjectiveSchema>;

/** A department off-track on at least one objective, with those objectives. */
export const OffTrackDepartmentSchema = z.object({ id: z.string(), names: NamesSchema, objectives: z.array(ObjectiveSchema) });
export type OffTrackDepartment = z.infer<typeof OffTrackDepartmentSchema>;

export const SessionResponseSchema = z.object({
  viewer: ViewerSchema,
  /** Every department the viewer may see, with names and journeys (ids and names). */
  departments: z.array(z.object({ id: z.string(), names: NamesSchema, journeys: z.array(z.object({ id: z.string(), names: NamesSchema })) })),
  /** The deployment's configured zone. */
  timeZone: z.string(),
  /** Minimum items for a department to be ranked (the digest's). */
  minVolume: z.number(),
});
export type SessionResponse = z.infer<typeof SessionResponseSchema>;

export const DepartmentRowSchema = z.object({
  id: z.string(),
  names: NamesSchema,
  current: ScoreSchema,
  previous: ScoreSchema.nullable(),
  change: ChangeSchema,
  /** Sentiment-index change in points (the digest's ranking key); null when not ranked. */
  progress: nullableNumber,
  rank: z.number().nullable(),
  notEnough: z.object({ thisWeek: z.boolean(), previousWeek: z.boolean() }).nullable(),
  /** The sentiment index of the last periods of the same kind, oldest first (null = no items): the small trend. */
  trend: z.array(nullableNumber),
  openIncidents: z.number(),
});
export type DepartmentRow = z.infer<typeof DepartmentRowSchema>;

export const OverviewResponseSchema = z.object({
  period: PeriodSchema,
  /** Ranked departments first (most improved first), then those with too little feedback. */
  departments: z.array(DepartmentRowSchema),
  /** Open incidents the viewer may see, most severe first. */
  incidents: z.array(IncidentViewSchema),
  totals: ScoreSchema,
  /** Nothing stored at all yet (the page shows how to send feedback). */
  empty: z.boolean(),
  /** Departments the viewer may see that are off-track on an objective, as of the period's end (or now). */
  offTrack: z.array(OffTrackDepartmentSchema).default([]),
});
export type OverviewResponse = z.infer<typeof OverviewResponseSchema>;

export const SeriesPointSchema = ScoreSchema.extend({ window: z.string() });

export const ParetoRowSchema = z.object({
  id: z.string(),
  names: NamesSchema,
  negative: z.number(),
  count: z.number(),
  share: z.number(),
  cumulativeShare: z.number(),
  vitalFew: z.boolean(),
  previousNegative: nullableNumber,
  negativeChange: nullableNumber,
});

export const ParetoSchema = z.object({
  rows: z.array(ParetoRowSchema),
  totalNegative: z.number(),
  vitalFewCount: z.number(),
  vitalFewShare: z.number(),
});

export const PairRowSchema = z.object({
  /** `billing+delivery`, sorted. */
  id: z.string(),
  departments: z.tuple([z.string(), z.string()]),
  negative: z.number(),
  count: z.number(),
  previousNegative: nullableNumber,
  /** Negative shared items of the last periods, oldest first. */
  trend: z.array(z.number()),
});

export const DepartmentResponseSchema = z.object({
  department: z.object({ id: z.string(), names: NamesSchema }),
  from: z.string(),
  to: z.string(),
  granularity: z.enum(DASHBOARD_GRANULARITIES),
  zone: z.string(),
  series: z.array(SeriesPointSchema),
  summary: z.object({ current: ScoreSchema, previous: ScoreSchema, change: ChangeSchema }),
  journeys: ParetoSchema,
  pairs: z.array(PairRowSchema),
  incidents: z.array(IncidentViewSchema),
  /** Its objectives as of `to` (or now), each with its gap and trajectory; none when it has no targets. */
  objectives: z.array(ObjectiveSchema).default([]),
});
export type DepartmentResponse = z.infer<typeof DepartmentResponseSchema>;

export const AttributionSchema = z.object({ id: z.string(), reason: z.string().optional() }).loose();

export const VerbatimsResponseSchema = z.object({
  from: z.string(),
  to: z.string(),
  items: z.array(
    z.object({
      id: z.string(),
      occurredAt: z.string(),
      text: z.string(),
      lang: z.string(),
      sentiment: z.string(),
      channel: z.string(),
      departments: z.array(AttributionSchema),
      journeys: z.array(AttributionSchema),
      ratings: z.object({ nps: z.number().optional(), csat: z.number().optional(), ces: z.number().optional() }).optional(),
    }),
  ),
});
export type VerbatimsResponse = z.infer<typeof VerbatimsResponseSchema>;

export const InterfacesResponseSchema = z.object({
  period: PeriodSchema,
  /** Rows and columns of the matrix, in configuration order. */
  departments: z.array(z.object({ id: z.string(), names: NamesSchema })),
  /** One per pair with shared items in this period or the previous one. */
  cells: z.array(PairRowSchema),
});
export type InterfacesResponse = z.infer<typeof InterfacesResponseSchema>;

export const JourneysResponseSchema = z.object({ period: PeriodSchema, pareto: ParetoSchema });
export type JourneysResponse = z.infer<typeof JourneysResponseSchema>;

export const IncidentsResponseSchema = z.object({ incidents: z.array(IncidentViewSchema) });

// ---------------------------------------------------------------------------------------------
// How the page signs in: `GET /config.json` beside the page.

export const PageConfigSchema = z.discriminatedUnion('auth', [
  /** Local stack: the session is an HttpOnly cookie the stack set; the page sends no token. */
  z.object({ auth: z.literal('local'), apiBase: z.string().default('') }),
  /** AWS: Cognito hosted UI, OAuth code flow with PKCE; the page sends the ID token as a bearer. */
  z.object({
    auth: z.literal('cognito'),
    apiBase: z.string().default(''),
    /** e.g. https://cv-prod-123456789012.auth.eu-west-3.amazoncognito.com */
    domain: z.string(),
    clientId: z.string(),
    /** The page's own URL (https://<distribution>/), registered as callback and sign-out URL. */
    redirectUri: z.string(),
  }),
]);
export type PageConfig = z.infer<typeof PageConfigSchema>;

/** CloudFormation outputs of the dashboard (the CLI's `users invite` and the README read them). */
export const DASHBOARD_OUTPUTS = { url: 'DashboardUrl', userPoolId: 'DashboardUserPoolId', clientId: 'DashboardUserPoolClientId', signInDomain: 'DashboardSignInDomain' } as const;

/** Local stack: the one-time sign-in link (`/?token=…` → the page swaps it for the cookie) and the cookie's name. */
export const LOCAL_SESSION_COOKIE = 'cv_session';
export const LOCAL_SIGN_IN_PATH = '/_local/sign-in';

/**
 * The page's own paths (history routing; the servers answer index.html for any of them). Emails
 * link to these when a dashboard URL is configured.
 */
export const DASHBOARD_PAGES = {
  overview: () => '/',
  department: (id: string) => `/departments/${encodeURIComponent(id)}`,
  interfaces: () => '/interfaces',
  journeys: () => '/journeys',
  incidents: () => '/incidents',
  incident: (id: string) => `/incidents/${encodeURIComponent(id)}`,
} as const;

/** The API routes the sign-in token guards (API Gateway's JWT authorizer on AWS, the local stack's check locally). */
export const DASHBOARD_ROUTE_PREFIX = '/v1/dashboard/';
