/**
 * What the topics bench's customers write (data, hand-written for it): per department of the
 * default configuration, the stable themes of its traffic in French and English; the themes that
 * no department's keywords capture (some a keyword would route, some nobody should claim); and the
 * theme injected into one department. Every text of a department's theme names that department's
 * keywords and no other's (test/unit/topic-stream.test.ts checks it against the real attribution).
 */
export type Tone = 'positive' | 'neutral' | 'negative';

export interface StreamTheme {
  id: string;
  tone: Tone;
  /** Relative frequency among its department's (or the unassigned) themes. */
  weight: number;
  fr: string[];
  en: string[];
}

export const STREAM_DEPARTMENTS = ['sales', 'marketing', 'product', 'after-sales', 'billing', 'delivery', 'digital', 'contact-centre'] as const;
export type StreamDepartment = (typeof STREAM_DEPARTMENTS)[number];

const theme = (id: string, tone: Tone, weight: number, fr: string[], en: string[]): StreamTheme => ({ id, tone, weight, fr, en });

export const DEPARTMENT_THEMES: Record<StreamDepartment, StreamTheme[]> = {
  sales: [
    theme('helpful-seller', 'positive', 3, ['Le vendeur en boutique a pris le temps de tout m’expliquer', 'Vendeuse très patiente en magasin, explications honnêtes'], ['The salesperson in the store took the time to explain every option', 'Friendly sales assistant in the shop, honest advice']),
    theme('pushy-seller', 'negative', 2, ['Vendeur insistant, vente forcée d’une option inutile', 'Le commercial m’a vendu une assurance dont je ne voulais pas'], ['Pushy salesman, he sold me an insurance I never wanted', 'Hard sell in the shop, I left with an option I did not need']),
    theme('quote', 'neutral', 2, ['Devis reçu en agence sous deux jours, conforme', 'J’attends toujours le devis promis par le vendeur'], ['The quote from the store arrived within two days', 'Still waiting for the quote the salesperson promised']),
  ],
  marketing: [
    theme('loyalty', 'positive', 3, ['Le programme de fidélité est généreux, points de fidélité doublés ce mois-ci', 'J’ai reçu une carte cadeau grâce au programme de fidélité, merci'], ['The loyalty programme is generous, double reward points this month', 'I got a gift card through the loyalty programme, lovely']),
    theme('spam', 'negative', 3, ['Trop de sms publicitaires, impossible de me désinscrire', 'Encore une newsletter alors que je me suis désinscrit'], ['Too much spam, I unsubscribed and the newsletter keeps coming', 'Marketing emails every day even after I tried to unsubscribe']),
    theme('promo-code', 'negative', 2, ['Le code promo de la campagne ne fonctionne pas', 'Code de réduction refusé, la carte cadeau de la promotion aussi'], ['The promo code from the campaign does not work', 'Voucher refused and the gift card from the special offer too']),
  ],
  product: [
    theme('box-speed', 'positive', 3, ['La nouvelle box est excellente, le débit de la fibre est enfin stable', 'Très bon débit depuis le passage à la fibre, box rapide'], ['The new router is excellent, fibre broadband speed is finally stable', 'Great broadband speed since the switch to fibre']),
    theme('price-rise', 'negative', 3, ['Encore une hausse des tarifs sur mon forfait, trop cher', 'Le prix du forfait augmente sans raison'], ['Another price increase on my tariff, far too expensive', 'The price keeps going up for the same product']),
    theme('signal', 'negative', 2, ['Pas de réseau dans mon village, la couverture réseau est nulle', 'Réseau très faible à la maison, la fibre n’est pas encore là'], ['No signal at home, the network coverage is terrible', 'Weak signal indoors, and fibre broadband still not available']),
  ],
  'after-sales': [
    theme('quick-repair', 'positive', 3, ['Réparation rapide sous garantie, technicien au rendez-vous et efficace', 'Le technicien est venu au rendez-vous et a tout réparé'], ['Quick repair under warranty, the technician kept the appointment', 'The engineer came to the appointment on time and fixed it']),
    theme('slow-repair', 'negative', 3, ['Appareil en panne depuis trois semaines, toujours pas de réparation', 'Le technicien a manqué le rendez-vous, appareil toujours en panne'], ['My machine has been broken for three weeks, still no repair', 'The technician missed the appointment and the device is still faulty']),
    theme('refund', 'neutral', 2, ['Remboursement reçu après le retour de l’appareil défectueux', 'J’attends le remplacement sous garantie'], ['Refund received after I sent back the faulty unit', 'Waiting for the replacement under warranty']),
  ],
  billing: [
    theme('clear-invoice', 'positive', 2, ['Facture claire et prélèvement correct, merci', 'Montant de la facture conforme à mon contrat'], ['My invoice was clear and the direct debit correct', 'The bill matches what I was told, thank you']),
    theme('charged-twice', 'negative', 3, ['Prélevé deux fois ce mois-ci, c’est inadmissible', 'Double prélèvement sur ma carte bancaire'], ['I was charged twice this month, please fix it', 'Double charged on my card again']),
    theme('late-fee', 'negative', 2, ['Des frais de retard injustifiés sur ma facture', 'Pénalité facturée alors que j’ai payé à temps'], ['A late fee on my invoice although I paid on time', 'Unfair fees added to my bill this month']),
  ],
  delivery: [
    theme('on-time', 'positive', 3, ['Colis livré à temps, livreur très sympathique', 'Livraison rapide, colis bien emballé'], ['The parcel arrived on time and the courier was very kind', 'Fast delivery, the package was well packed']),
    theme('late-parcel', 'negative', 3, ['Livraison en retard de cinq jours, aucun suivi du colis', 'Colis jamais arrivé, le transporteur ne sait pas où il est'], ['The delivery was five days late and tracking showed nothing', 'My parcel never arrived and the courier has no idea where it is']),
    theme('damaged', 'negative', 2, ['Colis arrivé abîmé, carton écrasé', 'Le livreur a laissé le colis sous la pluie devant la porte'], ['The parcel arrived damaged, the box crushed', 'The driver left the package outside in the rain']),
  ],
  digital: [
    theme('easy-app', 'positive', 3, ['L’appli est pratique, tout est simple sur mon compte', 'Site internet clair, j’ai trouvé mes documents en ligne en deux clics'], ['The app is great, login is quick and easy', 'The website is clear, I found my documents online in two clicks']),
    theme('login', 'negative', 3, ['Impossible de me connecter, le mot de passe est refusé', 'Le lien de réinitialisation du mot de passe ne marche pas'], ['I cannot log in, the password reset link is dead', 'Locked out of my account online, the verification code never comes']),
    theme('slow-site', 'negative', 2, ['Le site rame et la page se bloque au chargement', 'Écran blanc sur l’appli depuis la mise à jour'], ['The website is slow and the page freezes while loading', 'Blank screen in the app since the latest update']),
  ],
  'contact-centre': [
    theme('kind-advisor', 'positive', 3, ['Conseillère au téléphone très aimable et efficace', 'Le conseiller a résolu mon problème par téléphone, merci'], ['The advisor on the phone was very helpful', 'Great customer service, the agent solved my problem']),
    theme('on-hold', 'negative', 3, ['Quarante minutes d’attente au téléphone, personne ne répond', 'Injoignable, le service client raccroche au bout de vingt minutes'], ['Forty minutes on hold and nobody answers', 'Impossible to reach customer service, they hung up on me']),
    theme('no-reply', 'negative', 2, ['Aucune réponse à mon mail depuis deux semaines', 'Ticket ouvert il y a un mois, toujours sans réponse'], ['No reply to my email for two weeks', 'Ticket opened a month ago and still no response']),
  ],
};

/**
 * What no department's keywords capture. `belongsTo` names the department whose own items talk
 * about the same thing (the evidence suggest-keywords should find); generic themes belong nowhere.
 */
export interface UnassignedTheme extends StreamTheme {
  belongsTo: StreamDepartment | null;
}

export const UNASSIGNED_THEMES: UnassignedTheme[] = [
  { ...theme('fibre-drops', 'negative', 3, ['La fibre coupe tous les soirs vers neuf heures', 'Toujours pas de fibre chez moi après trois mois d’attente', 'Fibre instable depuis lundi, je télétravaille'], ['The fibre drops every evening around nine', 'Still no fibre at my address after three months', 'Fibre keeps dropping out, I work from home']), belongsTo: 'product' },
  { ...theme('gift-card', 'negative', 2, ['Ma carte cadeau n’est pas acceptée', 'Carte cadeau expirée sans que personne ne prévienne'], ['My gift card was refused', 'The gift card expired without any warning']), belongsTo: 'marketing' },
  { ...theme('appointment', 'negative', 2, ['Rendez-vous annulé deux fois sans prévenir', 'J’ai attendu toute la matinée pour le rendez-vous, personne n’est venu'], ['Appointment cancelled twice without notice', 'I waited all morning for the appointment and nobody came']), belongsTo: 'after-sales' },
  { ...theme('thanks', 'positive', 3, ['Merci, très satisfait', 'Rien à signaler, tout est parfait', 'Très contente, je recommande'], ['Thanks, all good', 'Very happy, I recommend you', 'Perfect, nothing to add']), belongsTo: null },
  { ...theme('unhappy', 'negative', 2, ['Déçu, vraiment nul', 'Je ne recommande pas du tout'], ['Very disappointed, terrible experience', 'Would not recommend at all']), belongsTo: null },
  { ...theme('leave', 'negative', 1, ['Je veux résilier mon abonnement', 'Comment résilier ? Je pars'], ['How do I cancel my subscription?', 'I want to end my subscription now']), belongsTo: null },
];

/** The theme injected into one department from a given day ("l'appli plante au paiement" and variants). */
export const INJECTED_THEME: StreamTheme = theme(
  'app-crash-payment',
  'negative',
  1,
  ['L’appli plante au paiement', 'L’appli plante au moment du paiement, impossible de valider', 'Depuis hier l’appli plante au paiement à chaque fois', 'L’application plante pendant le paiement'],
  ['The app crashes at payment', 'The app crashes every time I try to pay', 'The app keeps crashing on the payment screen', 'App crash at payment again'],
);
export const INJECTED_DEPARTMENT: StreamDepartment = 'digital';

/** What customers add around the theme: openers, details and sign-offs that name no department. */
export const OPENERS = { fr: ['Bonjour,', 'Bonsoir,', 'Bonjour à vous,', ''], en: ['Hello,', 'Hi,', 'Good morning,', ''] };
export const DETAILS = {
  fr: ['C’est la deuxième fois ce mois-ci.', 'Depuis lundi.', 'Ça dure depuis des semaines.', 'Franchement.', ''],
  en: ['This is the second time this month.', 'Since Monday.', 'It has been going on for weeks.', 'Honestly.', ''],
};
export const SIGN_OFFS = {
  fr: ['Cordialement, Marie', 'Merci d’avance.', 'Jean Dupont', 'Vous pouvez m’écrire à jean.dupont@example.com', 'Bonne journée', ''],
  en: ['Regards, John', 'Thanks in advance.', 'Sarah Miller', 'You can write to me at sarah.miller@example.com', 'Have a good day', ''],
};
