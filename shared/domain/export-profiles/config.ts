/**
 * Profiles a deployment adds to the built-in ones, by name: a Qualtrics survey with its
 * questions chosen, or a user mapping. Given as JSON in the deployment's config (CDK context
 * `exportProfiles`, compiled into the bundle) or locally in EXPORT_PROFILES_CONFIG:
 *
 *   { "nps-2026": { "kind": "qualtrics", "nps": "Q5", "text": "Q7_TEXT" },
 *     "shop-reviews": { "kind": "mapping", "text": "Review", ... } }
 *
 * `resolveExportProfile` turns `?profile=<name>` plus its options into the profile to run.
 */
import * as z from 'zod';
import { describeIssues } from '../feedback';
import { parseJsonConfig } from '../json-config';
import type { ExportProfile } from './common';
import { createMappingProfile, MappingSpecSchema } from './mapping';
import { EXPORT_PROFILE_NAMES } from './names';
import { createQualtricsProfile, QualtricsOptionsSchema } from './qualtrics';

const BUILT_IN: readonly string[] = EXPORT_PROFILE_NAMES;

const QualtricsPresetSchema = z
  .object({ kind: z.literal('qualtrics'), description: z.string().trim().max(300).optional(), ...QualtricsOptionsSchema.shape })
  .strict();

export const ConfiguredProfileSchema = z.discriminatedUnion('kind', [MappingSpecSchema, QualtricsPresetSchema]);
export type ConfiguredProfile = z.infer<typeof ConfiguredProfileSchema>;

const PROFILE_NAME = /^[a-z0-9][a-z0-9-]{0,62}$/;

// Names are checked here rather than as record keys so that the message names the profile.
export const ExportProfilesConfigSchema = z.record(z.string(), ConfiguredProfileSchema).superRefine((config, ctx) => {
  for (const name of Object.keys(config)) {
    if (!PROFILE_NAME.test(name)) ctx.addIssue({ code: 'custom', path: [name], message: `"${name}": profile names are lower-case letters, digits and dashes (they go in ?profile=)` });
    else if (BUILT_IN.includes(name)) ctx.addIssue({ code: 'custom', path: [name], message: `"${name}" is a built-in profile; give the configured one another name` });
  }
});
export type ExportProfilesConfig = z.infer<typeof ExportProfilesConfigSchema>;

export class InvalidExportProfilesConfigError extends Error {
  override readonly name = 'InvalidExportProfilesConfigError';
}

/** JSON text (CDK context, an environment variable) → validated config; empty when absent. */
export function parseExportProfilesConfig(json: string | undefined, source = 'export profiles config'): ExportProfilesConfig {
  if (!json || !json.trim()) return {};
  return parseJsonConfig(json, ExportProfilesConfigSchema, source, InvalidExportProfilesConfigError);
}

export type ResolvedProfile =
  | { ok: true; profile: ExportProfile }
  | { ok: false; code: 'unknown_profile' | 'invalid_option'; error: string; details?: Record<string, unknown> };

/** Options a request may give, by profile kind: only Qualtrics takes any. */
export const PROFILE_OPTION_KEYS = Object.keys(QualtricsOptionsSchema.shape) as readonly string[];

/**
 * The profile `?profile=<name>` asks for, with the request's options (query parameters, CLI
 * flags: the same keys). A configured Qualtrics profile's options may be overridden by the
 * request's; a built-in profile other than qualtrics, and a mapping, take none.
 */
export function resolveExportProfile(
  name: string,
  options: Readonly<Record<string, string | undefined>> = {},
  deps: { builtIn: (name: string) => ExportProfile | undefined; configured: ExportProfilesConfig },
): ResolvedProfile {
  const given = Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined && v !== '')) as Record<string, string>;
  const hasOptions = Object.keys(given).length > 0;
  const configured = Object.hasOwn(deps.configured, name) ? deps.configured[name] : undefined;
  if (name === 'qualtrics' || configured?.kind === 'qualtrics') {
    const { kind: _kind, description, ...preset } = configured?.kind === 'qualtrics' ? configured : { kind: 'qualtrics' as const, description: undefined };
    const parsed = QualtricsOptionsSchema.safeParse({ ...preset, ...given });
    if (!parsed.success) {
      const unknown = parsed.error.issues.flatMap((i) => (i.code === 'unrecognized_keys' ? i.keys : []));
      const error = unknown.length
        ? `unknown option${unknown.length > 1 ? 's' : ''} ${unknown.map((k) => `"${k}"`).join(', ')} for the ${name} profile: use ${PROFILE_OPTION_KEYS.join(', ')}`
        : `invalid option for the ${name} profile: ${describeIssues(parsed.error)}`;
      return { ok: false, code: 'invalid_option', error, details: { options: [...PROFILE_OPTION_KEYS] } };
    }
    return { ok: true, profile: createQualtricsProfile(parsed.data, name, description) };
  }
  const profile = configured ? createMappingProfile(name, configured) : deps.builtIn(name);
  if (!profile) {
    const names = [...BUILT_IN, ...Object.keys(deps.configured)];
    return { ok: false, code: 'unknown_profile', error: `unknown export profile "${name}": use one of ${names.join(', ')}`, details: { profiles: names } };
  }
  if (hasOptions) {
    const what = configured ? `mapping "${name}" is configured in the deployment and takes no options; change the mapping instead` : `the ${name} profile takes no options`;
    return { ok: false, code: 'invalid_option', error: `${what} (got ${Object.keys(given).join(', ')})` };
  }
  return { ok: true, profile };
}
