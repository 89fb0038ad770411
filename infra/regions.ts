/**
 * Where the regional AWS services the stack may depend on are offered: the one table synth and
 * `customer-voice doctor` check a region against. Each list can be replaced by context
 * (`-c comprehendRegions=eu-west-1,eu-central-1`, `-c sesReceivingRegions=…`) when AWS adds a
 * region before this table is updated.
 *
 * Sources (read 2026-12): Amazon Comprehend — "Amazon Comprehend endpoints and quotas", AWS General
 * Reference (docs.aws.amazon.com/general/latest/gr/comprehend.html); SES receiving — the "Email
 * Receiving endpoints" (inbound-smtp.<region>.amazonaws.com) of "Amazon Simple Email Service
 * endpoints and quotas" (docs.aws.amazon.com/general/latest/gr/ses.html).
 */
export const REGIONAL_SERVICES = {
  comprehend: {
    label: 'Amazon Comprehend',
    contextKey: 'comprehendRegions',
    regions: [
      'us-east-1',
      'us-east-2',
      'us-west-2',
      'ap-south-1',
      'ap-northeast-1',
      'ap-northeast-2',
      'ap-southeast-1',
      'ap-southeast-2',
      'ca-central-1',
      'eu-central-1',
      'eu-west-1',
      'eu-west-2',
      'us-gov-west-1',
    ],
  },
  sesReceiving: {
    label: 'Amazon SES email receiving',
    contextKey: 'sesReceivingRegions',
    regions: [
      'us-east-1',
      'us-east-2',
      'us-west-2',
      'ap-northeast-1',
      'ap-southeast-1',
      'ap-southeast-2',
      'ap-southeast-3',
      'ca-central-1',
      'eu-central-1',
      'eu-west-1',
      'eu-west-2',
    ],
  },
} as const satisfies Record<string, { label: string; contextKey: string; regions: readonly string[] }>;

export type RegionalService = keyof typeof REGIONAL_SERVICES;

/** The table, with any list a context key replaced. */
export type RegionTable = Record<RegionalService, readonly string[]>;

export function regionTable(overrides: Partial<RegionTable> = {}): RegionTable {
  return {
    comprehend: overrides.comprehend ?? REGIONAL_SERVICES.comprehend.regions,
    sesReceiving: overrides.sesReceiving ?? REGIONAL_SERVICES.sesReceiving.regions,
  };
}

export function offersService(table: RegionTable, service: RegionalService, region: string): boolean {
  return table[service].includes(region);
}

/** Why the service is needed, for the message: "sentimentEngine=hybrid calls it". */
export interface ServiceNeed {
  readonly service: RegionalService;
  readonly because: string;
  /** What to change so the stack no longer needs it. */
  readonly instead: string;
}

/** One message per needed service the region lacks; empty when all is well. */
export function missingRegionalServices(table: RegionTable, region: string, needs: readonly ServiceNeed[]): string[] {
  return needs
    .filter((need) => !offersService(table, need.service, region))
    .map((need) => {
      const { label, contextKey } = REGIONAL_SERVICES[need.service];
      return (
        `${label} is not offered in ${region}, and ${need.because}. ${need.instead} ` +
        `Regions offering it: ${table[need.service].join(', ')} (if AWS has added ${region} since, set -c ${contextKey}=<regions>).`
      );
    });
}
