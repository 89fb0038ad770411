import type { ParsedDelivery, SocialOwnAccounts, SocialProvider } from './delivery';
import { parseGenericDelivery } from './generic';
import { parseMetaDelivery } from './meta';
import { parseTrustpilotDelivery } from './trustpilot';
import { parseXDelivery } from './x';

/** A delivery in `provider`'s own webhook shape, turned into items, skips and rejections. */
export function parseDelivery(provider: SocialProvider, body: unknown, own: SocialOwnAccounts): ParsedDelivery {
  switch (provider) {
    case 'generic':
      return parseGenericDelivery(body, own);
    case 'x':
      return parseXDelivery(body, own);
    case 'meta':
      return parseMetaDelivery(body, own);
    case 'trustpilot':
      return parseTrustpilotDelivery(body);
  }
}
