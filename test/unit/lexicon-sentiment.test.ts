import { describe, expect, it } from 'vitest';
import { LexiconSentimentEngine } from '../../shared/adapters/lexicon-sentiment';
import { lexiconEvidence } from '../../shared/domain/lexicon/lexicon-evidence';
import { SENTIMENT_LABELS, type SentimentLabel } from '../../shared/domain/sentiment';

const engine = new LexiconSentimentEngine();
const labelOf = (text: string, lang: string) => engine.classifyOne({ text, lang }).label;

/**
 * Customer messages written for this suite (not taken from any dataset), in the register the
 * product receives: delivery, billing, after-sales, waiting on the phone, plain requests.
 */
const CUSTOMER_MESSAGES: [lang: 'fr' | 'en', label: SentimentLabel, text: string][] = [
  ['fr', 'negative', "Commande passée il y a trois semaines, toujours rien reçu et aucune réponse du service client."],
  ['fr', 'negative', "J'ai été prélevé deux fois ce mois-ci, je veux être remboursé au plus vite."],
  ['fr', 'negative', "45 minutes d'attente au téléphone pour finalement être raccroché au nez."],
  ['fr', 'negative', "Le colis est arrivé abîmé et le produit ne fonctionne pas."],
  ['fr', 'negative', "Facture incompréhensible, des frais ajoutés sans prévenir. Très déçue."],
  ['fr', 'negative', "Le technicien n'est jamais venu au rendez-vous, personne ne m'a prévenu."],
  ['fr', 'negative', "Application inutilisable depuis la mise à jour, impossible de me connecter."],
  ['fr', 'negative', "Livraison en retard de 10 jours, c'est la dernière fois que je commande chez vous."],
  ['fr', 'positive', "Livraison rapide et soignée, rien à redire."],
  ['fr', 'positive', "Conseillère très à l'écoute, mon problème a été réglé en cinq minutes. Merci !"],
  ['fr', 'positive', "Super expérience, je recommande vivement."],
  ['fr', 'positive', "Produit conforme à la description, livré dans les temps. Parfait."],
  ['fr', 'positive', "Le livreur était adorable et très professionnel."],
  ['fr', 'positive', "Remboursement reçu rapidement, merci pour votre réactivité."],
  ['fr', 'neutral', "Bonjour, pouvez-vous me donner le numéro de suivi de ma commande ?"],
  ['fr', 'neutral', "Je souhaite modifier l'adresse de livraison."],
  ['fr', 'neutral', "Quels sont vos horaires d'ouverture le samedi ?"],
  ['fr', 'neutral', "J'ai changé de numéro de téléphone, merci de mettre à jour mon dossier."],
  ['fr', 'neutral', "Commande reçue ce matin."],
  ['fr', 'neutral', "Est-il possible de payer en trois fois ?"],
  ['en', 'negative', "Ordered three weeks ago and still nothing. Nobody answers the phone."],
  ['en', 'negative', "I was charged twice and nobody is helping me get my money back."],
  ['en', 'negative', "The parcel arrived damaged and the box was open."],
  ['en', 'negative', "Waited on hold for an hour and then got disconnected."],
  ['en', 'negative', "Your app keeps crashing since the last update, I can't log in."],
  ['en', 'negative', "The technician never showed up and no one called to tell me."],
  ['en', 'negative', "Terrible service, I'm cancelling my subscription."],
  ['en', 'negative', "Delivery was a week late and the tracking was useless."],
  ['en', 'positive', "Quick delivery and everything was well packaged, thank you!"],
  ['en', 'positive', "The support agent was friendly and solved my issue right away."],
  ['en', 'positive', "Great product, works exactly as described."],
  ['en', 'positive', "Refund arrived in two days, very impressed."],
  ['en', 'positive', "Excellent customer service, I will definitely order again."],
  ['en', 'positive', "Smooth checkout and fast shipping. Love it."],
  ['en', 'neutral', "Can you tell me where my order is?"],
  ['en', 'neutral', "I would like to change my delivery address."],
  ['en', 'neutral', "What are your opening hours on Saturday?"],
  ['en', 'neutral', "Please update my phone number on my account."],
  ['en', 'neutral', "Order received this morning."],
  ['en', 'neutral', "Do you ship to Canada?"],
];

describe('LexiconSentimentEngine', () => {
  it.each([
    ['fr', 'Le livreur était très aimable, merci !', 'positive'],
    ['fr', "Toujours pas remboursé, c'est inadmissible", 'negative'],
    ['fr', 'Livraison rapide, produit conforme. Je recommande !', 'positive'],
    ['fr', 'Colis jamais reçu', 'negative'],
    ['fr', 'Service client injoignable depuis 3 semaines', 'negative'],
    ['fr', 'Le produit est arrivé mardi.', 'neutral'],
    ['en', 'not bad at all', 'positive'],
    ['en', 'I will never buy again', 'negative'],
    ['en', 'Great support, the agent was really helpful', 'positive'],
    ['en', 'Still waiting for my refund after 3 weeks', 'negative'],
    ['en', 'The package arrived on Tuesday.', 'neutral'],
  ] as const)('classifies %s %j as %s', (lang, text, expected) => {
    expect(labelOf(text, lang)).toBe(expected);
  });

  describe('negation', () => {
    it.each([
      ['en', 'bad', 'negative', 'not bad at all', 'positive'],
      ['en', 'I am happy', 'positive', 'I am not happy', 'negative'],
      ['en', 'It works', 'positive', "It doesn't work", 'negative'],
      ['en', 'I had a problem with them', 'negative', 'Never had a problem with them', 'positive'],
      ['fr', "C'est mal fait", 'negative', "Ce n'est pas mal du tout", 'positive'],
      ['fr', 'Je suis satisfait', 'positive', 'Je ne suis pas du tout satisfait', 'negative'],
      ['fr', "J'ai eu un problème", 'negative', "Je n'ai jamais eu de problème", 'positive'],
      ['fr', 'Remboursé, merci', 'positive', 'Toujours pas remboursé', 'negative'],
    ] as const)('%s: %j is %s but %j is %s', (lang, plain, plainLabel, negated, negatedLabel) => {
      expect(labelOf(plain, lang)).toBe(plainLabel);
      expect(labelOf(negated, lang)).toBe(negatedLabel);
    });

    it('stops the negation at the end of the clause', () => {
      // "pas" must not reach "parfait" across the full stop
      expect(labelOf('Pas de retard. Parfait.', 'fr')).toBe('positive');
      expect(labelOf('No delay. Perfect.', 'en')).toBe('positive');
    });

    it('treats a strong negation with no rated word as a complaint', () => {
      expect(lexiconEvidence('I never got it', 'en').negative).toBeGreaterThan(0);
      expect(lexiconEvidence('I got it', 'en').negative).toBe(0);
    });
  });

  it('ignores case and accents in French', () => {
    const reference = engine.classifyOne({ text: 'Très déçu, le SAV est nul', lang: 'fr' });
    for (const variant of ['tres decu, le sav est nul', 'TRÈS DÉÇU, LE SAV EST NUL', 'Tres Decu, Le Sav Est Nul']) {
      expect(engine.classifyOne({ text: variant, lang: 'fr' })).toEqual(reference);
    }
    expect(reference.label).toBe('negative');
  });

  it('splits French elisions ("j\'adore", "n\'est")', () => {
    expect(labelOf("J'adore ce service", 'fr')).toBe('positive');
    expect(labelOf("Ce n'est pas acceptable", 'fr')).toBe('negative');
  });

  it('weighs the clause after "mais"/"but" more than the one before', () => {
    // unweighted, the praise would win in each of these
    expect(labelOf('Le produit est excellent mais la livraison est lente', 'fr')).toBe('negative');
    expect(labelOf('The staff were lovely but the delivery was late', 'en')).toBe('negative');
    expect(labelOf('The delivery was late but the staff were lovely', 'en')).toBe('positive');
  });

  it('answers mixed when strong praise and strong complaint coexist', () => {
    const result = engine.classifyOne({ text: 'Excellent produit, mais livraison catastrophique', lang: 'fr' });
    expect(result.label).toBe('mixed');
    expect(labelOf('Excellent product, but the delivery was horrible', 'en')).toBe('mixed');
  });

  it('reads emoji and emoticons in any language', () => {
    expect(labelOf('Merci 😍', 'fr')).toBe('positive');
    expect(labelOf('Thanks :(', 'en')).not.toBe('positive');
    expect(labelOf('Pedido recibido 👍', 'es')).toBe('positive');
  });

  it('falls back to neutral with low confidence for a language it has no lexicon for', () => {
    const result = engine.classifyOne({ text: 'Das Paket ist nicht angekommen', lang: 'de' });
    expect(result.label).toBe('neutral');
    expect(result.confidence).toBeLessThanOrEqual(0.4);
  });

  it('tries both French and English lexicons when the language is undetermined', () => {
    expect(labelOf('nul', 'und')).toBe('negative');
    expect(labelOf('awesome', 'und')).toBe('positive');
    expect(labelOf('', 'und')).toBe('neutral');
  });

  it('answers neutral for empty text', async () => {
    const [result] = await engine.classify([{ text: '', lang: 'fr' }]);
    expect(result?.label).toBe('neutral');
  });

  it('returns one result per input, in order, with scores that sum to 1 and peak at the label', async () => {
    const inputs = [
      { text: 'Parfait, merci !', lang: 'fr' },
      { text: 'Horrible experience', lang: 'en' },
      { text: 'Order 1234', lang: 'en' },
      { text: 'Excellent produit, mais livraison catastrophique', lang: 'fr' },
    ];
    const results = await engine.classify(inputs);
    expect(results.map((r) => r.label)).toEqual(['positive', 'negative', 'neutral', 'mixed']);
    for (const { label, confidence, scores } of results) {
      const values = SENTIMENT_LABELS.map((l) => scores[l]);
      expect(values.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 10);
      expect(scores[label]).toBe(confidence);
      expect(Math.max(...values)).toBe(confidence);
    }
  });

  it('is more confident on strong evidence than on weak evidence', () => {
    const strong = engine.classifyOne({ text: 'Service absolument scandaleux, inadmissible, honteux', lang: 'fr' });
    const weak = engine.classifyOne({ text: 'Un peu lent', lang: 'fr' });
    expect(strong.label).toBe('negative');
    expect(strong.confidence).toBeGreaterThan(weak.confidence);
  });

  it('gets at least 90 % of realistic FR and EN customer messages right', () => {
    for (const lang of ['fr', 'en'] as const) {
      const messages = CUSTOMER_MESSAGES.filter(([l]) => l === lang);
      const wrong = messages.filter(([, label, text]) => labelOf(text, lang) !== label);
      expect(wrong.length / messages.length, JSON.stringify(wrong)).toBeLessThanOrEqual(0.1);
    }
  });
});
