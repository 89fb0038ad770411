// The built-in departments configuration, as data: what a deployment runs with when it
// configures none. Plain values, validated by schema.ts when it parses them at load.

/** The customer journeys most pain concentrates on; departments list the ones they own. */
export const DEFAULT_JOURNEYS = [
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
export const DEFAULT_IGNORED = {
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

/** The default organisation: the departments a customer officer usually arbitrates between. */
export const DEFAULT_ORGANISATION = {
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
};
