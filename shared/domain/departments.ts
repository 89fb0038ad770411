// Namespace import: lets esbuild tree-shake zod (its `z` object drags in every locale, ~370 KB).
import * as z from 'zod';
import { readFileSync } from 'node:fs';
import { describeIssues } from './feedback';
import { foldAccents, matchingLanguages, prepareForTokens, stemVariants, STEM_LANGUAGES, tokenize, type StemLanguage } from './stemming';

export const UNASSIGNED = 'unassigned';

// ---------------------------------------------------------------------------
// Configuration

/**
 * What a configured term may look like. A plain word or phrase matches by stem ("remboursé"
 * matches "remboursement"); a phrase matches as consecutive words. `=word` matches that exact
 * word (accents and case aside), for words whose stem is too wide ("=devis", not "devait").
 * A word ending in `*` matches any word starting so ("deliver*", "renouvel* automatique*").
 */
function termWords(term: string): { word: string; prefix: boolean }[] {
  const body = term.startsWith('=') ? term.slice(1) : term;
  return [...prepareForTokens(body).matchAll(/([\p{L}\p{N}]+)(\*)?/gu)].map((m) => ({ word: m[1] ?? '', prefix: m[2] === '*' }));
}

function termProblem(term: string): string | undefined {
  const body = term.startsWith('=') ? term.slice(1) : term;
  if (/(^|[^\p{L}\p{N}])\*|\*[\p{L}\p{N}]/u.test(body)) return `"${term}": "*" may only end a word`;
  const words = termWords(term);
  if (words.length === 0) return `"${term}" has no letters or digits to match`;
  if (term.startsWith('=') && words.some((w) => w.prefix)) return `"${term}": a term is either exact (=) or has prefixes (*), not both`;
  if (words.some((w) => w.prefix && foldAccents(w.word).length < 3)) return `"${term}": a prefix needs at least 3 letters before "*"`;
  return undefined;
}

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
type Terms = z.infer<typeof TermsSchema>;

const idSchema = (what: string) => z.string().regex(/^[a-z0-9][a-z0-9-]*$/, `${what} ids are lowercase letters, digits and "-"`);
const NamesSchema = z.object({ en: z.string().min(1), fr: z.string().min(1) }).strict();

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
    owners: z.array(z.email('owners must be email addresses')).default([]),
    thresholds: ThresholdOverridesSchema.optional(),
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

/** The customer journeys most pain concentrates on; departments list the ones they own. */
const DEFAULT_JOURNEYS: z.input<typeof JourneySchema>[] = [
  {
    id: 'subscription',
    names: { en: 'Subscription', fr: 'Souscription' },
    aliases: ['souscription', 'abonnement', 'onboarding'],
    keywords: {
      en: [
        'subscription', 'subscribe', 'sign up', 'new contract', 'my contract', 'the contract', 'activation', 'onboarding',
        'upgrade', 'joined', 'switched to you', 'membership', 'welcome pack', 'new line', 'line activation', '=installation',
        'switched plan*', 'changed plan*', 'moving house', 'move my line',
      ],
      fr: [
        'abonnement', 'abonnee', 'souscription', 'souscrire', 'souscrit', 'inscription', 'inscrire', 'contrat',
        'nouveau contrat', 'signature du contrat', 'activation', 'mise en service', 'ouverture de ligne',
        'ouverture de compteur', 'changement d\'offre', 'adhésion', 'raccordement', '=installation', 'déménagement',
        'transfert de ligne', 'transférer ma ligne',
      ],
    },
  },
  {
    id: 'order',
    names: { en: 'Order', fr: 'Commande' },
    aliases: ['commande', 'purchase', 'achat'],
    keywords: {
      en: [
        'order', 'purchase', 'bought', 'buy', 'checkout', 'check out', 'basket', 'cart', 'pre-order', 'preorder', 'order number',
        'order confirmation', 'item',
      ],
      fr: [
        'commande', 'achat', 'acheté', 'panier', 'précommande', 'bon de commande', 'numéro de commande', 'passer commande',
        'validation du paiement', 'article', 'produit reçu', 'comande', 'comandé',
      ],
    },
  },
  {
    id: 'delivery',
    names: { en: 'Delivery', fr: 'Livraison' },
    aliases: ['livraison', 'shipping', 'expédition'],
    keywords: {
      en: [
        'delivery', 'deliver*', 'undelivered', 'parcel', 'package', 'courier', 'shipping', 'shipment', 'dispatch', 'tracking',
        'never arrived', 'not arrived', 'hasn\'t arrived', 'has not arrived', 'arrived late', 'arrived damaged',
        'arrived broken', 'arrived on time', 'arrived today', 'arrived quickly', 'arrived early', 'pick-up point',
        'pickup point', 'collection point', 'locker', 'postman', 'driver', 'items missing', 'missing item', 'arrived incomplete',
      ],
      fr: [
        'livraison', 'livrer', 'livreur', 'livreuse', 'colis', 'expédition', 'expédié', 'envoi du colis', 'transporteur',
        'point relais', 'relais colis', 'point retrait', 'suivi du colis', 'suivi de colis', 'numéro de suivi', 'jamais arrivé',
        'pas arrivé', 'pas encore arrivé', 'arrivé en retard', 'arrivé cassé', 'arrivé abîmé', 'bien arrivé',
        'arrivé rapidement', 'reçu ma commande', 'commande reçue', 'commande jamais reçue', 'facteur', 'la poste', 'colissimo',
        'chronopost', 'arrivée incomplète', 'commande incomplète', 'colis incomplet', 'article manquant',
      ],
    },
  },
  {
    id: 'billing',
    names: { en: 'Billing', fr: 'Facturation' },
    aliases: ['facturation', 'invoicing', 'payment', 'paiement'],
    keywords: {
      en: [
        'invoice', 'bill', 'charged', 'overcharged', 'charged twice', 'double charged', 'payment', 'paid', 'direct debit',
        'debited', 'statement', 'late fee', 'fees', 'credit note', 'reimbursement', 'overdue', 'arrears', 'debt collector',
        'debt collection', 'vat', '=instalment', '=instalments', '=installment', '=installments',
      ],
      fr: [
        'surfacturation', 'prélèvement', 'payé', 'montant', '=débité', '=débitée', 'impayé', 'recouvrement', 'huissier', 'frais',
        'pénalité', 'échéancier', 'mensualité', 'trop-perçu', 'carte bancaire', 'régularisation', 'tva', '=relances',
        'courrier de relance', 'lettre de relance', 'sms de relance', 'mail de relance', 'facture',
      ],
    },
  },
  {
    id: 'cancellation',
    names: { en: 'Cancellation', fr: 'Résiliation' },
    aliases: ['résiliation', 'resiliation', 'churn', 'termination'],
    keywords: {
      en: [
        'cancel', 'terminate', 'end my contract', 'close my account', 'leave you', 'switch provider', 'switch to another',
        'notice period', 'exit fee', 'early termination', 'contract is ending', 'contract ends', 'end of my contract',
        'end of contract', 'contract end date', 'end date for my contract', 'cancelation',
      ],
      fr: [
        'résilié', 'annulation', 'fermer mon compte', 'fermeture de compte', 'fermeture de mon compte', 'clôture',
        'frais de résiliation', 'changer d\'opérateur', 'changer de fournisseur', 'je pars', 'je vais partir', 'vous quitter',
        'désabonnement', 'rétractation', 'fin de contrat', 'fin d\'engagement', 'fin de mon contrat', 'arrive à échéance',
        'fin de mon engagement', 'résilliation', 'résillier',
      ],
    },
  },
  {
    id: 'repair',
    names: { en: 'Repair', fr: 'Réparation' },
    aliases: ['réparation', 'dépannage', 'breakdown'],
    keywords: {
      en: [
        'repair', 'broken', 'broke', 'broke down', 'faulty', 'fault', 'defective', 'breakdown', 'technician', 'engineer',
        'warranty', 'guarantee', 'stopped working', 'fixed', 'fix it', 'spare part', 'outage', 'power cut', 'been down',
        'is down', 'went down',
      ],
      fr: [
        'réparation', 'panne', 'en panne', 'technicien', 'intervention', 'dépannage', 'dépanneur', 'garantie', 'cassé',
        'défectueux', 'défaut', 'ne fonctionne plus', 'fonctionne plus', 'marche plus', 'pièce détachée', 'sav', 'coupure',
        'coupure de courant', 'coupure d\'électricité',
      ],
    },
  },
  {
    id: 'return',
    names: { en: 'Return', fr: 'Retour' },
    aliases: ['retour', 'returns', 'retours'],
    keywords: {
      en: [
        'return', 'send back', 'send it back', 'sent back', 'sent it back', 'refund', 'exchange', 'returns label', 'rma',
        'money back', 'replacement',
      ],
      fr: [
        'retour', 'retourner', 'renvoyé le', 'remboursement', 'échange', 'bordereau de retour', 'étiquette de retour',
        'bon de retour', 'rétractation', 'reprise', 'remplacement', 'remboursment',
      ],
    },
  },
  {
    id: 'account',
    names: { en: 'Account', fr: 'Compte' },
    aliases: ['compte', 'espace client', 'login'],
    keywords: {
      en: [
        'account', 'login', 'log in', 'logged out', 'sign in', 'password', 'username', 'profile', 'personal details',
        'personal data', 'email address', 'two-factor', '2fa', 'verification code', 'locked out', 'hacked', 'my details',
      ],
      fr: [
        'espace client', 'mon espace', 'identifiant', 'mot de passe', 'mdp', 'me connecter', 'se connecter', 'connecter',
        'profil', 'coordonnées', 'données personnelles', 'adresse mail', 'adresse e-mail', 'code de vérification',
        'code de confirmation', 'double authentification', 'piraté', '=compte', '=comptes', 'connexion à mon compte',
        'connexion au site', 'connexion à l\'appli', 'connexion à l\'application', 'connexion à mon espace',
      ],
    },
  },
];

/**
 * Phrases that contain a configured word without meaning it: "je me suis rendu compte" is not
 * about an account, "in order to" is not an order. They take their words out of every match.
 */
const DEFAULT_IGNORED: Terms = {
  en: [
    'take into account', 'taken into account', 'on account of', 'in order to', 'in order for', 'in charge', 'free of charge',
    'no charge', 'fit the bill', 'out of order', 'in return', 'return the favour', 'return the favor', 'return call',
    'return my call', 'is on hold', 'are on hold',
  ],
  fr: [
    'rendre compte', 'rendu compte', 'rends compte', 'tenir compte', 'tenu compte', 'tient compte', 'fin de compte',
    'compte tenu', 'compte sur vous', 'comptez sur', 'geste commercial', 'merci pour votre retour', 'merci de votre retour',
    'merci pour vos retours', 'en retour', 'de retour', 'retour à la normale', 'prise en charge', 'prend en charge',
    'mis en avant', 'à la hauteur',
  ],
};

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
export const DEFAULT_DEPARTMENTS: DepartmentsConfig = DepartmentsConfigSchema.parse({
  departments: [
    {
      id: 'sales',
      names: { en: 'Sales', fr: 'Ventes' },
      aliases: ['ventes', 'vente', 'commercial', 'boutique', 'stores'],
      journeys: ['subscription', 'order'],
      keywords: {
        en: [
          'salesman', 'salesmen', 'saleswoman', 'salesperson', 'sales rep', 'sales representative', 'sales team', 'sales pitch',
          'sales advisor', 'sales assistant', 'seller', 'sold me', 'sold us', 'mis-sold', 'missold', 'mis-selling', 'misselling',
          'quote', 'quotation', 'contract signed', 'signed the contract', 'in store', 'in the store', 'in the shop',
          'at the shop', 'at the store', 'shop assistant', 'shop staff', 'store staff', 'store manager', 'showroom', 'retailer',
          'dealer', 'upsell', 'pushy', 'hard sell', 'door-to-door', 'cold call', 'telesales', 'commission', 'account manager',
          'the boutique', 'trade-in', 'renewal', '=store', '=stores', '=shop', '=shops', 'branch',
        ],
        fr: [
          'commercial', 'vendeur', 'vendeuse', 'conseiller de vente', 'conseillère de vente', 'conseiller commercial',
          'conseillère commerciale', 'service commercial', 'équipe commerciale', 'en boutique', 'en magasin', 'la boutique',
          'le magasin', 'boutique', 'magasin', 'en agence', 'agence', 'démarchage', 'démarché', 'démarcheur', 'porte-à-porte',
          'vente forcée', 'vente abusive', 'forcing', 'm\'a vendu', 'on m\'a vendu', 'ils m\'ont vendu', 'vendu un', 'vendu une',
          'reprise de l\'ancien', 'renouvellement', '=devis',
        ],
      },
    },
    {
      id: 'marketing',
      names: { en: 'Marketing', fr: 'Marketing' },
      aliases: ['communication', 'marketing'],
      keywords: {
        en: [
          'advert', 'advertisement', '=ad', '=ads', 'tv ad', 'commercials', 'newsletter', 'mailing list', 'marketing',
          'promotional', 'promo', 'promo code', 'discount code', 'voucher', 'coupon', 'spam', 'junk mail', 'unsubscribe',
          'opt out', 'loyalty programme', 'loyalty program', 'loyalty points', 'reward points', 'rewards', 'campaign',
          'billboard', 'sponsor*', 'influencer', 'misleading', 'false advertising', 'special offer', 'black friday', 'referral',
          'surveys', 'brand image', 'texts every day', 'marketing texts', 'welcome offer', 'free shipping', 'free delivery',
        ],
        fr: [
          'publicité', 'pub', 'publicitaire', 'campagne', 'newsletter', 'newsletters', 'lettre d\'information', 'mailing',
          'e-mailing', 'emailing', 'spam', 'spammé', 'courriel publicitaire', 'sms publicitaire', 'marketing', 'promotion',
          'promo', 'promos', 'code promo', 'bon de réduction', 'code de réduction', 'coupon', 'réduction',
          'programme de fidélité', 'carte de fidélité', 'points de fidélité', 'parrainage', 'désabonner', 'désinscrire',
          'désinscription', 'publicité mensongère', 'pub mensongère', 'mensonger', 'mensongère', 'trompeuse', 'trompeur',
          'offre promotionnelle', 'soldes', 'black friday', 'jeu concours', 'concours', 'sondage', 'enquête de satisfaction',
          'questionnaire', 'influenceur', 'image de marque', 'sponsor*', 'matraquage', 'offre de bienvenue',
          'livraison gratuite', 'livraison offerte',
        ],
      },
    },
    {
      id: 'product',
      names: { en: 'Product (R&D, offers)', fr: 'Produit (R&D, offres)' },
      aliases: ['produit', 'r&d', 'offers', 'offres', 'offre'],
      keywords: {
        en: [
          'product', 'feature', 'functionality', 'quality', 'poor quality', 'build quality', 'design', 'new plan', 'my plan',
          'the plan', 'your plan', 'data plan', 'tariff', 'bundle', 'price', 'price increase', 'price rise', 'too expensive',
          'overpriced', 'expensive', 'firmware', 'battery', 'battery life', 'handset', 'router', 'modem', 'coverage',
          'network coverage', 'signal', 'no signal', 'internet speed', 'broadband', 'catalogue', 'catalog', 'model',
          'new version', 'missing feature', 'r&d', 'material', 'ingredients', 'taste', 'durable', 'flimsy', 'cheaply made',
          'rushed out', 'launch', 'connection', 'internet connection', 'new customers', 'cheaper', 'power cut', 'outage',
          'network', '=new offer', '=the offer', '=this offer', '=your offer', '=new offers', '=your offers', 'auto-renew',
          'automatic renewal', 'product range',
        ],
        fr: [
          'produit', 'qualité', 'mauvaise qualité', 'fonctionnalité', 'offre', 'nouvelle offre', 'forfait', 'forfaits', 'tarif',
          'prix', 'hausse des prix', 'hausse des tarifs', 'augmentation des tarifs', 'augmentation du prix',
          'augmentation de prix', 'trop cher', 'hors de prix', 'gamme', 'catalogue', 'modèle', 'conception', 'design',
          'matériau', 'matériaux', 'finition', 'batterie', 'autonomie', 'firmware', 'débit', 'haut débit', 'bas débit', 'réseau',
          'couverture réseau', 'pas de réseau', 'box', 'décodeur', 'routeur', 'modem', 'nouvelle version',
          'défaut de conception', 'r&d', 'recherche et développement', 'innovation', 'connexion internet', 'lancement',
          'à la va-vite', 'bâclé', 'connexion', 'nouveaux clients', 'moins cher', 'coupure', 'coupure d\'électricité',
          'coupure de courant', 'renouvellement automatique', 'renouvel* automatique*', 'tacite reconduction',
          'reconduction tacite',
        ],
      },
    },
    {
      id: 'after-sales',
      names: { en: 'After-sales service', fr: 'Service après-vente' },
      aliases: ['sav', 's.a.v.', 'après-vente', 'after sales', 'after-sales service', 'service après-vente'],
      journeys: ['repair', 'return'],
      keywords: {
        en: [
          'repair', 'warranty', 'guarantee', 'broken', 'broke', 'broke down', 'faulty', 'defective', 'replacement', 'refund',
          'return', 'rma', 'returns label', 'technician', 'engineer', 'after-sales', 'stopped working', 'breakdown', 'exchange',
          'spare part', 'service centre', 'repair centre', 'repair center', 'sent it back', 'send it back', 'sent back',
          'money back', 'fault', 'dead on arrival', 'warrenty', 'guarentee',
        ],
        fr: [
          'réparation', 'garantie', 'sous garantie', 'extension de garantie', 'cassé', 'panne', 'en panne', 'défectueux',
          'défaut', 'remplacement', 'échange', 'remboursement', 'retour', 'retourner', 'renvoyé le produit', 'sav', 's.a.v',
          'service après-vente', 'après-vente', 'technicien', 'intervention', 'pièce détachée', 'ne fonctionne plus',
          'fonctionne plus', 'marche plus', 'tombé en panne', 'bordereau de retour', 'étiquette de retour', 'bon de retour',
          'dépannage', 'dépanneur', 'atelier', 'hors service', 'remboursment',
        ],
      },
    },
    {
      id: 'billing',
      names: { en: 'Billing', fr: 'Facturation' },
      aliases: ['facturation', 'invoicing', 'payments', 'comptabilité'],
      journeys: ['billing'],
      keywords: {
        en: [
          'invoice', 'bill', 'charged', 'overcharged', 'charged twice', 'double charged', 'payment', 'paid', 'direct debit',
          'debit', 'standing order', 'card declined', 'statement', 'late fee', 'fee', 'billing error', 'credit note', 'overdue',
          'arrears', 'debt collector', 'debt collection', 'bailiff', 'reminder letter', 'taken from my account',
          'taken from my bank', 'bank account', 'vat', 'receipt', 'balance', 'amount', 'shipping costs', 'shipping fee',
          'delivery charge', 'delivery fee', 'postage', 'credit', '=instalment', '=instalments', '=installment', '=installments',
          'reciept',
        ],
        fr: [
          'facture', 'surfacturation', 'refacturé', 'prélèvement', 'double prélèvement', 'prélevé deux fois', 'payé', 'montant',
          '=débité', '=débitée', '=débiter', 'lettre de relance', 'impayé', 'recouvrement', 'huissier', 'frais', 'pénalité',
          'échéancier', 'mensualité', 'trop-perçu', 'carte bancaire', 'compte bancaire', 'rib', 'virement', 'avoir sur',
          'régularisation', 'tva', 'reçu de paiement', 'erreur de facturation', 'facturé deux fois', 'solde',
          'frais de livraison', 'frais de port', 'frais d\'envoi', '=relances', 'sms de relance', 'mail de relance',
          'courrier de relance', 'relance de paiement',
        ],
      },
    },
    {
      id: 'delivery',
      names: { en: 'Delivery (logistics)', fr: 'Livraison (logistique)' },
      aliases: ['livraison', 'logistique', 'logistics', 'shipping', 'transport'],
      journeys: ['delivery', 'order'],
      keywords: {
        en: [
          'delivery', 'deliver', 'undelivered', 'redelivery', 'courier', 'driver', 'delivery driver', 'parcel', 'package',
          'shipping', 'shipment', 'dispatch', 'tracking', 'tracking number', 'lost parcel', 'late delivery', 'delivery slot',
          'never arrived', 'not arrived', 'hasn\'t arrived', 'has not arrived', 'still not arrived', 'arrived late',
          'arrived damaged', 'arrived broken', 'arrived on time', 'arrived early', 'arrived quickly', 'arrived today',
          'order arrived', 'received my order', 'warehouse', 'out of stock', 'back order', 'backorder', 'postman', 'post office',
          'pick-up point', 'pickup point', 'collection point', 'locker', 'doorstep', 'left outside', 'safe place', 'neighbour',
          'neighbor', 'fedex', 'royal mail', 'hermes', 'evri', 'logistics', 'items missing', 'missing item',
          'arrived incomplete', 'shipping costs', 'shipping fee', 'delivery charge', 'delivery fee', 'postage', '=ups', '=dpd',
          '=dhl',
        ],
        fr: [
          'livraison', 'livrer', 'livreur', 'livreuse', 'colis', 'expédition', 'expédié', 'envoi du colis', 'transporteur',
          'chronopost', 'colissimo', 'la poste', 'facteur', 'mondial relay', 'relais colis', 'point relais', 'point retrait',
          'suivi du colis', 'suivi de colis', 'numéro de suivi', 'entrepôt', 'rupture de stock', 'en rupture', 'stock',
          'retard de livraison', 'créneau de livraison', 'boîte aux lettres', 'avis de passage', 'jamais arrivé', 'pas arrivé',
          'pas encore arrivé', 'toujours pas arrivé', 'arrivé en retard', 'arrivé cassé', 'arrivé abîmé', 'arrivé endommagé',
          'bien arrivé', 'arrivé rapidement', 'arrivé à temps', 'reçu ma commande', 'commande reçue', 'commande jamais reçue',
          'commande pas reçue', 'emballage', 'carton', 'logistique', 'devant la porte', 'chez le voisin', 'chez un voisin',
          'arrivée incomplète', 'commande incomplète', 'colis incomplet', 'article manquant', 'commande arrivée',
          'commande est arrivée', 'frais de livraison', 'frais de port', 'frais d\'envoi', '=ups', '=dpd', '=dhl', '=gls',
        ],
      },
    },
    {
      id: 'digital',
      names: { en: 'Digital (website, app, account)', fr: 'Digital (site, appli, compte)' },
      aliases: ['web', 'website', 'site', 'app', 'appli', 'numérique', 'e-commerce'],
      journeys: ['account', 'order'],
      keywords: {
        en: [
          'website', 'web site', 'site', 'online', 'app', 'mobile app', 'application', 'login', 'log in', 'logged out',
          'sign in', 'password', 'reset link', 'my account', 'online account', 'account page', 'portal', 'customer portal',
          'checkout', 'basket', 'cart', 'web page', 'webpage', 'page', 'error message', 'error page', 'crash', 'freezes',
          'frozen', 'loading', 'two-factor', '2fa', 'verification code', 'otp', 'chatbot', 'chat bot', '=bot', 'browser', 'link',
          'online form', 'web form', 'form', 'interface', 'user interface', 'ui', 'ux', 'user-friendly', 'navigation',
          'search bar', 'search function', '404', 'captcha', 'cookies', 'notification', 'bug', 'buggy', 'glitch', 'dark mode',
          'username', 'locked out', 'personal data', 'my data', 'gdpr', 'delivery address', 'app update', 'latest update',
          'last update', 'new update', 'the update', 'software update', 'app store', 'play store', 'online store', 'online shop',
        ],
        fr: [
          'site', 'site web', 'site internet', 'en ligne', 'appli', 'applis', '=app', 'app mobile', 'espace client',
          'mon espace', 'compte client', 'mon compte', 'identifiant', 'se connecter', 'me connecter', 'connecter', 'login',
          'mot de passe', 'mdp', 'page', 'bug', 'bugue', 'beug', 'beugue', 'bogue', 'plantage', 'plante', 'crash', 'formulaire',
          'panier', 'paiement en ligne', 'navigateur', 'chatbot', 'chat bot', '=bot', 'robot', 'lien', 'code de vérification',
          'code de confirmation', 'double authentification', 'captcha', 'mise à jour', 'interface', 'ergonomie', 'onglet',
          'menu', 'notification', 'message d\'erreur', 'erreur technique', 'rame', 'lent à charger', 'chargement', 'web',
          'bloqué sur', 'écran blanc', 'page blanche', 'connexion à mon compte', 'connexion au site', 'connexion à l\'appli',
          'connexion à l\'application', 'connexion à mon espace', 'données personnelles', 'mes données', 'rgpd',
          'adresse de livraison', '=application', '=applications', '=compte', '=comptes', 'app store', 'play store',
        ],
      },
    },
    {
      id: 'contact-centre',
      names: { en: 'Contact centre', fr: 'Service client' },
      aliases: ['service client', 'service clients', 'customer service', 'call centre', 'call center', 'relation client', 'hotline', 'support'],
      keywords: {
        en: [
          'call centre', 'call center', 'contact centre', 'contact center', 'customer service', 'customer support',
          'customer care', 'support team', 'helpline', 'help line', 'hotline', 'phone line', 'on hold', 'hold music',
          'held on the phone', 'on the phone', 'over the phone', 'by phone', 'ringing', 'called them', 'called you', 'queue',
          'wait time', 'call back', 'callback', 'call me back', 'hung up', 'hang up', 'cut off', 'transferred', 'passed around',
          'agent', 'advisor', 'adviser', 'operator', 'representative', 'staff', 'the lady', 'the guy', 'live chat', 'chat',
          'no response', 'no reply', 'never replied', 'never responded', 'no answer', 'nobody answers', 'ticket', 'reachable',
          'unreachable', 'impossible to reach', 'can\'t get through', 'cant get through', 'couldn\'t get through', 'get hold of',
          '=phoned', '=phoning', 'support', 'respond', 'response', 'reply', 'my calls', 'email reply', 'had to call', 'answer',
        ],
        fr: [
          'service client', 'service clientèle', 'relation client', 'centre d\'appel', 'plateforme téléphonique', 'hotline',
          'hot line', 'au téléphone', 'par téléphone', 'appelé', 'rappel', 'joignable', 'injoignable', 'joindre',
          'temps d\'attente', 'musique d\'attente', 'minutes d\'attente', 'heures d\'attente', 'attente au téléphone',
          'attendu au téléphone', 'mis en attente', 'conseiller', 'conseillère', 'téléconseiller', 'opératrice', 'interlocuteur',
          'interlocutrice', 'agent', 'raccroché', 'de service en service', 'baladé', 'ballotté', 'personne ne répond',
          'aucune réponse', 'pas de réponse', 'sans réponse', 'aucun retour', 'pas de retour', 'sans nouvelles', 'répondu',
          'chat', 'tchat', 'messagerie', 'ticket', 'accueil téléphonique', 'serveur vocal', 'répondeur', 'ligne occupée',
          'standard', '=transféré', '=transférée', 'répondre', 'réponse', 'répond', 'par mail', 'appel de', 'mon appel',
          'mes appels', 'le support',
        ],
      },
    },
  ],
});

// ---------------------------------------------------------------------------
// Loading

/** A departments configuration that cannot be used, with every problem and where it is. */
export class InvalidDepartmentsConfigError extends Error {
  override readonly name = 'InvalidDepartmentsConfigError';
}

/** Loads a department configuration from JSON text (env, file, CDK context); defaults when absent. */
export function parseDepartmentsConfig(json: string | undefined, source = 'departments config'): DepartmentsConfig {
  if (!json || !json.trim()) return DEFAULT_DEPARTMENTS;
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch (error) {
    throw new InvalidDepartmentsConfigError(`${source} is not valid JSON: ${(error as Error).message}`, { cause: error });
  }
  const parsed = DepartmentsConfigSchema.safeParse(raw);
  if (!parsed.success) throw new InvalidDepartmentsConfigError(`${source} is invalid: ${describeIssues(parsed.error)}`, { cause: parsed.error });
  return parsed.data;
}

/**
 * The configuration from JSON text (CDK context, an environment variable) or a JSON file; the
 * defaults when neither is given. Giving both is ambiguous and refused.
 */
export function loadDepartmentsConfig(from: { json?: string; file?: string } = {}): DepartmentsConfig {
  if (from.json?.trim() && from.file) throw new InvalidDepartmentsConfigError('give the departments config either as JSON or as a file, not both');
  if (from.file) {
    let text: string;
    try {
      text = readFileSync(from.file, 'utf8');
    } catch (error) {
      throw new InvalidDepartmentsConfigError(`cannot read the departments config file ${from.file}: ${(error as Error).message}`, { cause: error });
    }
    if (!text.trim()) throw new InvalidDepartmentsConfigError(`the departments config file ${from.file} is empty`);
    return parseDepartmentsConfig(text, `departments config file ${from.file}`);
  }
  return parseDepartmentsConfig(from.json);
}

/** A department's alert thresholds; `unassigned` and unknown ids get the configuration's defaults. */
export function thresholdsFor(config: DepartmentsConfig, departmentId: string): Thresholds {
  return config.departments.find((d) => d.id === departmentId)?.thresholds ?? config.thresholds;
}

// ---------------------------------------------------------------------------
// Matching

export interface Attribution {
  id: string;
  reason: string;
}

/** What attribution reads from an item; a FeedbackEnvelope fits as it is. */
export interface AttributableItem {
  text: string;
  subject?: string;
  /** An explicit department from the source (export column, API field): it wins. */
  department?: string;
  /** An explicit journey from the source: it wins for journeys. */
  journey?: string;
  /** "fr", "en", "fr-FR"…; when absent the language is guessed from function words. */
  lang?: string;
  channel?: string;
  source?: { channel?: string; provider?: string };
}

/** Lower case, accents removed, punctuation to spaces: "Réparation!" and "reparation" match alike. */
export function foldForMatching(text: string): string {
  return ` ${foldAccents(text)
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim()} `;
}

type WordPattern = { kind: 'stem'; stems: ReadonlySet<string> } | { kind: 'exact'; word: string } | { kind: 'prefix'; start: string };

interface CompiledTerm {
  /** Index of the department or journey the term belongs to; -1 for ignored phrases. */
  owner: number;
  term: string;
  words: readonly WordPattern[];
  /** Scratch: the text position this term was last tried at (see `match`). */
  triedAt: number;
}

// Position stamps for `CompiledTerm.triedAt`; matching is synchronous, so one counter serves all.
let tried = 0;

/** Terms of one language, looked up by their first word. */
interface TermIndex {
  byStem: Map<string, CompiledTerm[]>;
  byExact: Map<string, CompiledTerm[]>;
  byPrefix: Map<string, CompiledTerm[]>;
}

type Matcher = Record<StemLanguage, TermIndex>;

const PREFIX_KEY = 3;

function compileTerm(term: string, owner: number, lang: StemLanguage): CompiledTerm {
  const exact = term.startsWith('=');
  return {
    owner,
    term,
    triedAt: -1,
    words: termWords(term).map(({ word, prefix }): WordPattern => {
      if (exact) return { kind: 'exact', word: foldAccents(word) };
      if (prefix) return { kind: 'prefix', start: foldAccents(word) };
      return { kind: 'stem', stems: new Set(stemVariants(word, lang)) };
    }),
  };
}

function pushTo(map: Map<string, CompiledTerm[]>, key: string, term: CompiledTerm): void {
  const list = map.get(key);
  if (list) list.push(term);
  else map.set(key, [term]);
}

function compileMatcher(owners: readonly { keywords: Terms }[], ignore: Terms): Matcher {
  const matcher = {} as Matcher;
  for (const lang of STEM_LANGUAGES) {
    const index: TermIndex = { byStem: new Map(), byExact: new Map(), byPrefix: new Map() };
    const add = (term: string, owner: number) => {
      const compiled = compileTerm(term, owner, lang);
      const first = compiled.words[0];
      if (!first) return;
      if (first.kind === 'exact') pushTo(index.byExact, first.word, compiled);
      else if (first.kind === 'prefix') pushTo(index.byPrefix, first.start.slice(0, PREFIX_KEY), compiled);
      else for (const stem of first.stems) pushTo(index.byStem, stem, compiled);
    };
    owners.forEach((o, i) => new Set(o.keywords[lang]).forEach((t) => add(t, i)));
    new Set(ignore[lang]).forEach((t) => add(t, -1));
    matcher[lang] = index;
  }
  return matcher;
}

interface CompiledConfig {
  departments: Matcher;
  journeys: Matcher;
  departmentByName: Map<string, string>;
  journeyByName: Map<string, string>;
}

function nameKey(name: string): string {
  return foldForMatching(name).trim();
}

function namesIndex(entries: readonly { id: string; names: { en: string; fr: string }; aliases: readonly string[] }[]): Map<string, string> {
  const index = new Map<string, string>();
  for (const e of entries) {
    for (const name of [e.id, e.names.en, e.names.fr, ...e.aliases]) if (!index.has(nameKey(name))) index.set(nameKey(name), e.id);
  }
  return index;
}

// Compiled once per configuration object: stems of every term, indexes of names.
const compiledConfigs = new WeakMap<DepartmentsConfig, CompiledConfig>();

function compiled(config: DepartmentsConfig): CompiledConfig {
  let c = compiledConfigs.get(config);
  if (!c) {
    c = {
      departments: compileMatcher(config.departments, config.ignore),
      journeys: compileMatcher(config.journeys, config.ignore),
      departmentByName: namesIndex(config.departments),
      journeyByName: namesIndex(config.journeys),
    };
    compiledConfigs.set(config, c);
  }
  return c;
}

interface Text {
  words: readonly string[];
  folded: readonly string[];
  langs: readonly StemLanguage[];
  stems: Partial<Record<StemLanguage, readonly (readonly string[])[]>>;
}

function textOf(item: AttributableItem): Text {
  const words = tokenize(item.subject ? `${item.subject} \n ${item.text}` : item.text);
  const folded = words.map(foldAccents);
  return { words, folded, langs: matchingLanguages(folded, item.lang), stems: {} };
}

function stemsIn(text: Text, lang: StemLanguage): readonly (readonly string[])[] {
  return (text.stems[lang] ??= text.words.map((w) => stemVariants(w, lang)));
}

function wordMatches(pattern: WordPattern, folded: string, stems: readonly string[]): boolean {
  switch (pattern.kind) {
    case 'exact':
      return folded === pattern.word;
    case 'prefix':
      return folded.startsWith(pattern.start);
    case 'stem':
      return stems.some((s) => pattern.stems.has(s));
  }
}

interface Match {
  start: number;
  end: number;
  term: CompiledTerm;
}

/**
 * Every term found in the text, then those lying inside a longer match dropped: "mot de passe"
 * is not also "passe", "prise en charge" is not a charge. Returns, per owner, its terms in order.
 */
function match(matcher: Matcher, text: Text): Map<number, string[]> {
  const found: Match[] = [];
  for (const lang of text.langs) {
    const index = matcher[lang];
    const stems = stemsIn(text, lang);
    for (let i = 0; i < text.words.length; i++) {
      tried++;
      const folded = text.folded[i] ?? '';
      const here = stems[i] ?? [];
      const lists = [index.byExact.get(folded), folded.length >= PREFIX_KEY ? index.byPrefix.get(folded.slice(0, PREFIX_KEY)) : undefined];
      for (const s of here) lists.push(index.byStem.get(s));
      for (const term of lists.flatMap((l) => l ?? [])) {
        // A term indexed under both stems of a word must be tried once per position.
        if (term.triedAt === tried) continue;
        term.triedAt = tried;
        const n = term.words.length;
        if (i + n > text.words.length) continue;
        let ok = true;
        for (let k = 0; k < n && ok; k++) ok = wordMatches(term.words[k]!, text.folded[i + k] ?? '', stems[i + k] ?? []);
        if (ok) found.push({ start: i, end: i + n, term });
      }
    }
  }
  const byOwner = new Map<number, string[]>();
  // Synonyms with the same stem ("bill", "billed") match the same words: the first configured one speaks for them.
  const spans = new Set<string>();
  found.sort((a, b) => a.start - b.start || b.end - a.end);
  for (const m of found) {
    if (m.term.owner < 0) continue;
    const inside = found.some((o) => o !== m && o.start <= m.start && m.end <= o.end && o.end - o.start > m.end - m.start);
    const span = `${m.term.owner}:${m.start}:${m.end}`;
    if (inside || spans.has(span)) continue;
    spans.add(span);
    const terms = byOwner.get(m.term.owner);
    if (!terms) byOwner.set(m.term.owner, [m.term.term]);
    else if (!terms.includes(m.term.term)) terms.push(m.term.term);
  }
  return byOwner;
}

/** The configured ids an explicit source field names ("Facturation", "SAV; delivery"), by id, name or alias. */
function hinted(hint: string | undefined, names: Map<string, string>): string[] | undefined {
  if (!hint?.trim()) return undefined;
  const known: string[] = [];
  for (const part of hint.split(/[,;|]/)) {
    const key = nameKey(part);
    const id = names.get(key) ?? (key === UNASSIGNED ? UNASSIGNED : undefined);
    if (id !== undefined && !known.includes(id)) known.push(id);
  }
  return known;
}

function channelDefault(item: AttributableItem, config: DepartmentsConfig): Attribution | undefined {
  const channel = item.channel ?? item.source?.channel;
  if (!channel) return undefined;
  const provider = item.source?.provider;
  for (const key of provider ? [`${channel}/${provider}`, channel] : [channel]) {
    const id = config.channelDefaults[key];
    if (id) return { id, reason: `channel:${key}` };
  }
  return undefined;
}

/**
 * Which departments can act on an item, each with why. A source's explicit department wins
 * (`hint:source`); otherwise configured keywords and phrases, FR and EN, stemmed, whole words,
 * accent- and case-insensitive (`keywords:a|b`); otherwise the departments owning an explicit
 * journey (`journey:<id>`); otherwise the channel's default (`channel:<key>`); otherwise the
 * item is counted under `unassigned` rather than dropped.
 */
export function attributeDepartments(item: AttributableItem, config: DepartmentsConfig): Attribution[] {
  const c = compiled(config);
  const hint = hinted(item.department, c.departmentByName);
  if (hint) {
    if (hint.length > 0) return hint.map((id) => ({ id, reason: 'hint:source' }));
    return [{ id: UNASSIGNED, reason: `hint:unknown-department:${item.department}` }];
  }
  const byOwner = match(c.departments, textOf(item));
  if (byOwner.size > 0) {
    return [...byOwner.keys()]
      .sort((a, b) => a - b)
      .map((i) => ({ id: config.departments[i]!.id, reason: `keywords:${byOwner.get(i)!.join('|')}` }));
  }
  const journey = hinted(item.journey, c.journeyByName)?.[0];
  const owning = journey ? config.departments.filter((d) => d.journeys.includes(journey)) : [];
  if (owning.length > 0) return owning.map((d) => ({ id: d.id, reason: `journey:${journey}` }));
  return [channelDefault(item, config) ?? { id: UNASSIGNED, reason: 'no-match' }];
}

/**
 * Which customer journeys an item is about, each with why: the source's explicit journey wins
 * (`hint:source`); otherwise keywords as for departments. No match is no journey (`[]`): journeys
 * rank pain, they are not a partition of all feedback. An unknown hinted journey is ignored.
 */
export function attributeJourneys(item: Pick<AttributableItem, 'text' | 'subject' | 'journey' | 'lang'>, config: DepartmentsConfig): Attribution[] {
  const c = compiled(config);
  const hint = hinted(item.journey, c.journeyByName)?.filter((id) => id !== UNASSIGNED);
  if (hint && hint.length > 0) return hint.map((id) => ({ id, reason: 'hint:source' }));
  const byOwner = match(c.journeys, textOf(item));
  return [...byOwner.keys()]
    .sort((a, b) => a - b)
    .map((i) => ({ id: config.journeys[i]!.id, reason: `keywords:${byOwner.get(i)!.join('|')}` }));
}

/** The department pairs an item sits between (defined with the aggregates, which count them). */
export { interfacePairsOf as interfacePairs } from './scores';
