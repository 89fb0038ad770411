// Namespace import: lets esbuild tree-shake zod (its `z` object drags in every locale, ~370 KB).
import * as z from 'zod';

export const UNASSIGNED = 'unassigned';

const terms = z.array(z.string().min(1)).default([]);

export const DepartmentSchema = z.object({
  id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'department ids are lowercase letters, digits and "-"'),
  names: z.object({ en: z.string().min(1), fr: z.string().min(1) }),
  keywords: z.object({ en: terms, fr: terms }).default({ en: [], fr: [] }),
  journeys: z.array(z.string()).default([]),
  owners: z.array(z.email()).default([]),
});
export type Department = z.infer<typeof DepartmentSchema>;

export const DepartmentsConfigSchema = z
  .object({ departments: z.array(DepartmentSchema).min(1) })
  .refine((c) => new Set(c.departments.map((d) => d.id)).size === c.departments.length, 'department ids must be unique');
export type DepartmentsConfig = z.infer<typeof DepartmentsConfigSchema>;

/** The default organisation: the departments a customer officer usually arbitrates between. */
export const DEFAULT_DEPARTMENTS: DepartmentsConfig = DepartmentsConfigSchema.parse({
  departments: [
    {
      id: 'sales',
      names: { en: 'Sales', fr: 'Ventes' },
      keywords: { en: ['salesman', 'sales rep', 'quote', 'seller', 'contract signed'], fr: ['commercial', 'vendeur', 'devis', 'conseiller de vente'] },
      journeys: ['subscription'],
    },
    {
      id: 'marketing',
      names: { en: 'Marketing', fr: 'Marketing' },
      keywords: { en: ['advert', 'advertising', 'newsletter', 'spam', 'promotion', 'promo'], fr: ['publicité', 'pub', 'newsletter', 'promotion', 'promo', 'démarchage'] },
    },
    {
      id: 'product',
      names: { en: 'Product (R&D, offers)', fr: 'Produit (R&D, offres)' },
      keywords: { en: ['product', 'feature', 'bug', 'quality', 'offer', 'plan'], fr: ['produit', 'fonctionnalité', 'bug', 'qualité', 'offre', 'forfait'] },
    },
    {
      id: 'after-sales',
      names: { en: 'After-sales service', fr: 'Service après-vente' },
      keywords: { en: ['repair', 'return', 'warranty', 'broken', 'replacement', 'refund'], fr: ['réparation', 'retour', 'garantie', 'cassé', 'panne', 'remplacement', 'sav', 'remboursement', 'remboursé'] },
      journeys: ['repair'],
    },
    {
      id: 'billing',
      names: { en: 'Billing', fr: 'Facturation' },
      keywords: { en: ['invoice', 'bill', 'billing', 'charged', 'payment', 'overcharged', 'direct debit'], fr: ['facture', 'facturation', 'prélèvement', 'prélevé', 'paiement', 'payé', 'tarif'] },
      journeys: ['billing'],
    },
    {
      id: 'delivery',
      names: { en: 'Delivery (logistics)', fr: 'Livraison (logistique)' },
      keywords: { en: ['delivery', 'delivered', 'parcel', 'package', 'courier', 'shipping', 'late'], fr: ['livraison', 'livré', 'livreur', 'colis', 'expédition', 'retard'] },
      journeys: ['delivery', 'order'],
    },
    {
      id: 'digital',
      names: { en: 'Digital (website, app, account)', fr: 'Digital (site, appli, compte)' },
      keywords: { en: ['website', 'app', 'login', 'password', 'account', 'online'], fr: ['site', 'appli', 'application', 'connexion', 'mot de passe', 'compte', 'en ligne'] },
    },
    {
      id: 'contact-centre',
      names: { en: 'Contact centre', fr: 'Service client' },
      keywords: { en: ['call centre', 'call center', 'hotline', 'on hold', 'waiting', 'agent', 'advisor', 'customer service'], fr: ['service client', 'hotline', 'attente', 'conseiller', 'conseillère', 'téléphone', 'joignable'] },
    },
  ],
});

/** Loads a department configuration from JSON text (env, file, CDK context); defaults when absent. */
export function parseDepartmentsConfig(json: string | undefined): DepartmentsConfig {
  if (!json) return DEFAULT_DEPARTMENTS;
  return DepartmentsConfigSchema.parse(JSON.parse(json));
}

export interface Attribution {
  id: string;
  reason: string;
}

/** Lower case, accents removed, punctuation to spaces: "Réparation!" and "reparation" match alike. */
export function foldForMatching(text: string): string {
  return ` ${text
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim()} `;
}

/**
 * Which departments can act on an item, each with why. A source's explicit department wins;
 * otherwise keyword and phrase matches (FR and EN, whole words, accent-insensitive); otherwise
 * the item is counted under `unassigned` rather than dropped.
 */
export function attributeDepartments(
  item: { text: string; subject?: string; department?: string },
  config: DepartmentsConfig,
): Attribution[] {
  if (item.department) {
    const known = config.departments.some((d) => d.id === item.department);
    return [{ id: known ? item.department : UNASSIGNED, reason: known ? 'hint:source' : `hint:unknown-department:${item.department}` }];
  }
  const haystack = foldForMatching(`${item.subject ?? ''} ${item.text}`);
  const found: Attribution[] = [];
  for (const dept of config.departments) {
    const matched = [...dept.keywords.en, ...dept.keywords.fr].filter((term) => haystack.includes(foldForMatching(term)));
    if (matched.length > 0) found.push({ id: dept.id, reason: `keywords:${[...new Set(matched)].join('|')}` });
  }
  return found.length > 0 ? found : [{ id: UNASSIGNED, reason: 'no-match' }];
}
