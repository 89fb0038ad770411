/**
 * Export profiles: how one record of a contact-centre export (a CSV row, a ticket, a Contact
 * Lens analysis file, a survey response) becomes a FeedbackInput, or says what is wrong with it.
 *
 * Built-in profiles are named here; a deployment adds its own (a Qualtrics survey with its
 * questions chosen, or a declarative column mapping) through `config.ts`.
 * Pure functions, no I/O: `shared/app/parse-export.ts` streams the file and calls these.
 */
import type { ExportProfile } from './common';
import { contactLensProfile } from './contact-lens';
import { freshdeskProfile } from './freshdesk';
import { genericProfile } from './generic';
import { EXPORT_PROFILE_NAMES, type ExportProfileName } from './names';
import { qualtricsProfile } from './qualtrics';
import { zendeskProfile } from './zendesk';

export * from './common';
export { contactLensProfile } from './contact-lens';
export { FRESHDESK_SOURCES, freshdeskProfile } from './freshdesk';
export { genericProfile } from './generic';
export { createQualtricsProfile, QualtricsOptionsSchema, qualtricsProfile, type QualtricsOptions } from './qualtrics';
export { zendeskProfile } from './zendesk';

export { EXPORT_PROFILE_NAMES, type ExportProfileName } from './names';

export const EXPORT_PROFILES: Readonly<Record<ExportProfileName, ExportProfile>> = {
  generic: genericProfile,
  zendesk: zendeskProfile,
  freshdesk: freshdeskProfile,
  'contact-lens': contactLensProfile,
  qualtrics: qualtricsProfile,
};

export function isExportProfileName(name: string): name is ExportProfileName {
  return (EXPORT_PROFILE_NAMES as readonly string[]).includes(name);
}

/** A built-in profile with its defaults; deployment-configured profiles are resolved by `resolveExportProfile`. */
export function getExportProfile(name: string): ExportProfile | undefined {
  return isExportProfileName(name) ? EXPORT_PROFILES[name] : undefined;
}

export {
  ConfiguredProfileSchema,
  ExportProfilesConfigSchema,
  InvalidExportProfilesConfigError,
  parseExportProfilesConfig,
  PROFILE_OPTION_KEYS,
  resolveExportProfile,
  type ConfiguredProfile,
  type ExportProfilesConfig,
  type ResolvedProfile,
} from './config';
export { compileDateFormat } from './declared-date-format';
export { createMappingProfile, MappingSpecSchema, type MappingSpec } from './mapping';
