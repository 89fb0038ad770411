/** The built-in profiles, in the order error messages list them. */
export const EXPORT_PROFILE_NAMES = ['generic', 'zendesk', 'freshdesk', 'contact-lens', 'qualtrics'] as const;
export type ExportProfileName = (typeof EXPORT_PROFILE_NAMES)[number];
