import { groupSpan, scan, whole, type Detector } from './pattern-scan';

// ---------------------------------------------------------------------------------------------
// Order, contract, invoice and tracking references (kept by default)
// ---------------------------------------------------------------------------------------------

const ORDER_CODE_RE = /(?<![\p{L}\p{N}_])[A-Z]{2,6}[-_/#]?\d[\dA-Z/_-]{2,}(?![\p{L}\p{N}_])/gu;
const ORDER_KEYWORDS =
  'commandes?|cdes?|orders?|contrats?|contracts?|factures?|invoices?|dossiers?|tickets?|r[ée]clamations?|claims?|cases?|incidents?|' +
  'suivi|tracking|colis|parcels?|packages?|shipments?|exp[ée]ditions?|avoirs?|abonnements?|subscriptions?|r[ée]f[ée]rences?|r[ée]f|refs?|' +
  'siret|siren|tva|vat|rma|retours?|returns?|sav|bons? de livraison|bordereaux?|transactions?|polices?|policy|sinistres?|devis|quote|booking|r[ée]servations?';
const ORDER_FILLER = "(?:\\s*(?:n°|nº|n o|no\\.?|num(?:[ée]ro)?\\.?|number|nr\\.?|#|:|de|du|d'|la|le|ma|mon|my|your|votre|is|est|id|r[ée]f\\.?))*";
const ORDER_CONTEXT_RE = new RegExp(
  `(?<![\\p{L}\\p{N}_])(?:${ORDER_KEYWORDS})${ORDER_FILLER}\\s*#?((?=[\\p{L}\\p{N}/_-]*\\p{N})[\\p{L}\\p{N}][\\p{L}\\p{N}/_-]*(?: \\d{3}(?!\\p{N}))*)`,
  'gdiu',
);

export const detectOrderReferences: Detector = (text) => [
  ...scan(ORDER_CODE_RE, text, whole),
  ...scan(ORDER_CONTEXT_RE, text, (m) => groupSpan(m, 1)),
];
