import { describe, expect, it } from 'vitest';
import { MAX_TOPICS_PER_ITEM } from '../../../shared/domain/topics/contract';
import { extractTopics, MAX_KEY_CHARS } from '../../../shared/domain/topics/phrases';
import { placeholderFor, PII_TYPES } from '../../../shared/domain/redaction/types';

const keys = (text: string, lang?: string) => extractTopics(text, lang).map((t) => t.key);

describe('extractTopics', () => {
  it('makes "colis", "le colis" and "Colis abîmés" meet on "colis" (stems, case, accents, articles)', () => {
    // Prepare / Act
    const a = keys('colis', 'fr');
    const b = keys('Le colis', 'fr');
    const c = keys('Colis abîmés', 'fr');
    const d = keys('colis abimes', 'fr');
    // Assess
    expect(a).toEqual(['colis']);
    expect(b).toEqual(['colis']);
    expect(c).toEqual(expect.arrayContaining(['colis', 'abim', 'colis abim']));
    expect(d).toEqual(c);
  });

  it('keeps the words a person reads as the phrase, bridges included', () => {
    const topics = extractTopics("L'appli plante au paiement", 'fr');
    expect(topics).toContainEqual({ key: 'appli plant pai', phrase: 'appli plante au paiement' });
    expect(topics).toContainEqual({ key: 'appli', phrase: 'appli' });
    expect(topics).toContainEqual({ key: 'plant pai', phrase: 'plante au paiement' });
  });

  it('stems English and bridges prepositions and articles', () => {
    const en = keys('The app crashes at checkout; the apps crashed again', 'en');
    expect(en).toEqual(expect.arrayContaining(['app', 'crash', 'checkout', 'app crash', 'crash checkout', 'app crash checkout']));
    expect(keys('Problem with the refund of my order on Monday, three times', 'en')).toEqual(expect.arrayContaining(['refund order', 'refund', 'order']));
  });

  it('never makes a topic of a redaction placeholder, and a placeholder cuts a phrase', () => {
    for (const type of PII_TYPES) {
      const text = `Remboursement promis par ${placeholderFor(type)} jamais reçu, écrivez à ${placeholderFor(type)} svp`;
      const found = keys(text, 'fr');
      expect(found.join(' ')).not.toMatch(new RegExp(`\\b${type.toLowerCase()}\\b`));
      expect(found).toContain('rembours');
      expect(found.some((k) => k.startsWith('rembours ') && k.includes('recu'))).toBe(false);
    }
    expect(keys('Call [CUSTOMER_ID] about the parcel', 'en')).toEqual(['call', 'parcel']);
  });

  it('leaves out numbers, order references and amounts, which also cut phrases', () => {
    const found = keys('Commande CMD-884512 de 49,90 € : colis 3 fois perdu', 'fr');
    expect(found.some((k) => /\d/.test(k))).toBe(false);
    expect(found).toEqual(expect.arrayContaining(['command', 'colis', 'perdu']));
    expect(found).not.toContain('command colis');
  });

  it('keeps stop words, politeness and generic words out', () => {
    expect(keys('Bonjour, merci beaucoup, cordialement', 'fr')).toEqual([]);
    expect(keys("Hello, thanks, I don't know, it's ok", 'en')).toEqual([]);
    expect(keys('très très bien', 'fr')).toEqual([]);
    // Counts, weekdays and "nobody" are no topic: "personne ne répond" is about the answer.
    const found = keys('Livraison reportée trois fois, mardi puis jeudi, personne ne répond', 'fr');
    for (const noise of ['trois', 'mard', 'jeud', 'person']) expect(found).not.toContain(noise);
    expect(found).toEqual(expect.arrayContaining(['livraison', 'report', 'repond']));
  });

  it('never crosses punctuation with a phrase', () => {
    expect(keys('Livraison rapide. Colis parfait', 'fr')).not.toContain('rapid colis');
  });

  it('puts the most frequent first and is deterministic', () => {
    const text = 'Le remboursement tarde. Toujours pas de remboursement, le remboursement était promis, colis renvoyé';
    const first = extractTopics(text, 'fr');
    expect(first[0]!.key).toBe('rembours');
    expect(extractTopics(text, 'fr')).toEqual(first);
  });

  it(`keeps at most ${MAX_TOPICS_PER_ITEM} topics, each key at most ${MAX_KEY_CHARS} characters`, () => {
    const long = 'Livraison catastrophique, colis abîmé, livreur impoli, service client injoignable, remboursement refusé, application inutilisable, facture erronée. ' + 'anticonstitutionnellement '.repeat(5);
    const topics = extractTopics(long, 'fr');
    expect(topics).toHaveLength(MAX_TOPICS_PER_ITEM);
    expect(topics.every((t) => t.key.length <= MAX_KEY_CHARS)).toBe(true);
    expect(new Set(topics.map((t) => t.key)).size).toBe(topics.length);
  });

  it('decides FR or EN from function words when the language is not given, and gives none for other languages', () => {
    expect(keys('Le colis est arrivé en retard')).toEqual(expect.arrayContaining(['colis', 'retard']));
    expect(keys('The parcel was late and damaged')).toEqual(expect.arrayContaining(['parcel', 'late', 'damag']));
    expect(keys('El paquete llegó tarde', 'es')).toEqual([]);
    expect(keys('', 'fr')).toEqual([]);
  });
});
