/**
 * What the alert replay's customers write, by department and tone (data). Each sentence names
 * only its department's keywords in the default configuration, except the incident's ones that
 * also name delivery or the contact centre, as real complaints do.
 */
export interface Sentence {
  text: string;
  lang: 'en' | 'fr';
}

export const SCENARIO_DEPARTMENTS = ['sales', 'marketing', 'product', 'after-sales', 'billing', 'delivery', 'digital', 'contact-centre'] as const;
export type ScenarioDepartment = (typeof SCENARIO_DEPARTMENTS)[number];

const en = (text: string): Sentence => ({ text, lang: 'en' });
const fr = (text: string): Sentence => ({ text, lang: 'fr' });

export const QUIET_SENTENCES: Record<ScenarioDepartment, { pleased: Sentence[]; unhappy: Sentence[] }> = {
  sales: {
    pleased: [en('The salesperson in the store was friendly and gave me a clear quote, thank you'), fr('Vendeuse très aimable en magasin, merci'), en('Great experience at the shop, the sales advisor was patient and helpful')],
    unhappy: [en('The salesman was pushy and sold me an option I did not want'), fr('Vendeur insistant en boutique, vente forcée, déçu')],
  },
  marketing: {
    pleased: [en('I love the newsletter, the promo code worked perfectly'), fr('Super programme de fidélité, merci pour le code promo'), en('Nice loyalty programme, the rewards are generous')],
    unhappy: [en('Too much spam, I tried to unsubscribe three times and it is annoying'), fr('Publicité mensongère, très déçu par cette campagne')],
  },
  product: {
    pleased: [en('Excellent product quality, the battery life is great'), fr('Très bonne qualité du produit, je suis ravi'), en('The new version of the product is brilliant, well designed')],
    unhappy: [en('Poor quality product, it feels cheaply made and flimsy'), fr('Produit de mauvaise qualité, trop cher, déçu')],
  },
  'after-sales': {
    pleased: [en('Quick repair under warranty, the technician was excellent'), fr('Réparation rapide par le technicien, merci beaucoup'), en('The replacement was handled smoothly, great service')],
    unhappy: [en('My repair has taken a month and the technician never came, terrible'), fr('Technicien jamais venu pour la réparation, inadmissible')],
  },
  billing: {
    pleased: [en('My invoice was clear and the payment went through easily, thanks'), fr('Facture claire et prélèvement correct, merci')],
    unhappy: [en('The invoice amount was a bit confusing this month')],
  },
  delivery: {
    pleased: [en('The parcel arrived on time and the courier was very kind'), fr('Colis livré rapidement, livreur sympathique, merci'), en('Fast delivery, the package was well packed, great')],
    unhappy: [en('The delivery was late and the parcel arrived damaged, disappointing'), fr('Livraison en retard, colis abîmé, très déçu')],
  },
  digital: {
    pleased: [en('The app is great, login is quick and easy'), fr('Site internet clair et agréable, bravo'), en('I love the new website, checkout was simple')],
    unhappy: [en('The app keeps crashing at login, so frustrating'), fr('Le site plante sans arrêt, impossible de me connecter à mon compte, énervant')],
  },
  'contact-centre': {
    pleased: [en('The advisor on the phone was very helpful and solved my problem, thank you'), fr('Conseillère au téléphone très aimable et efficace, merci'), en('Great customer service, quick and friendly answer')],
    unhappy: [en('Forty minutes on hold and nobody answers, awful customer service'), fr('Attente interminable au service client, personne ne répond')],
  },
};

/** The billing incident: charged twice after a billing run; a third also name delivery or the contact centre. */
export const BILLING_INCIDENT_SENTENCES: { billingOnly: Sentence[]; withOthers: Sentence[] } = {
  billingOnly: [
    en('I was charged twice this month, this is unacceptable'),
    en('I was charged twice this month. This is unacceptable!'),
    en('Charged twice on my invoice, terrible, I am furious'),
    fr('Prélevé deux fois ce mois-ci, c’est inadmissible'),
    fr('Facture fausse, double prélèvement, scandaleux'),
    en('Double charged again, the billing error is outrageous'),
    en('Wrong invoice amount and a late fee I never deserved, furious'),
  ],
  withOthers: [
    en('Charged twice and nobody answers at customer service, disgraceful'),
    fr('Prélevé deux fois et personne ne répond au service client, honteux'),
    en('They charged me the delivery fee twice and the parcel never arrived, awful'),
    fr('Frais de livraison facturés deux fois et colis jamais arrivé, inadmissible'),
  ],
};

/** The second, unrelated incident: lost parcels at the delivery department. */
export const DELIVERY_INCIDENT_SENTENCES: Sentence[] = [
  en('My parcel never arrived and the tracking number does not work, terrible'),
  en('Lost parcel again, the courier left nothing, furious'),
  fr('Colis jamais arrivé, le suivi du colis ne marche pas, scandaleux'),
  fr('Toujours pas arrivé, livraison catastrophique, inadmissible'),
  en('The delivery driver left the package outside in the rain, ruined, awful'),
];

/** The late export's bad day of last month, at the contact centre. */
export const LATE_EXPORT_COMPLAINTS: Sentence[] = [
  en('An hour on hold and the agent hung up on me, disgraceful'),
  fr('Aucune réponse du service client depuis deux semaines, honteux'),
  en('Impossible to reach customer service, nobody answers, awful'),
];
