import { describe, expect, it } from 'vitest';
import { TinyldLanguageDetector, textForDetection } from '../../shared/adapters/language-detector';

const detector = new TinyldLanguageDetector();

describe('TinyldLanguageDetector', () => {
  it.each([
    'Le livreur était très aimable, merci !',
    "Toujours pas remboursé, c'est inadmissible",
    'Colis reçu',
    'Pas reçu',
    'Livraison rapide',
    'merci',
    'ça marche pas',
    'Je suis très déçu du service client : aucune réponse depuis deux semaines, personne ne décroche et ma commande est bloquée.',
    // lower-cased, accents dropped, apostrophe lost: how reviews and SMS often arrive
    'une serie tres marrante! bien sympa... j adore ce genre de serie',
  ])('detects French in %j', (text) => {
    expect(detector.detect(text).lang).toBe('fr');
  });

  it.each([
    'not bad at all',
    'I will never buy again',
    'Thanks!',
    'Fast delivery',
    'Not received',
    'The agent hung up on me twice and nobody called back. I have been waiting for my refund for three weeks now.',
  ])('detects English in %j', (text) => {
    expect(detector.detect(text).lang).toBe('en');
  });

  it.each([
    ['Hola, el pedido llegó tarde y nadie me contestó', 'es'],
    ['Das Paket ist nicht angekommen und niemand antwortet', 'de'],
    ['Il pacco è arrivato in ritardo e nessuno risponde', 'it'],
  ])('keeps a clear %j as %s rather than forcing French or English', (text, lang) => {
    expect(detector.detect(text).lang).toBe(lang);
  });

  it.each(['', '   ', 'ok', 'OK!', '👍👍', '😡🤬', '12/03 14h', '@SNCF http://t.co/xyz 🙄'])(
    'answers und with zero confidence for %j',
    (text) => {
      expect(detector.detect(text)).toEqual({ lang: 'und', confidence: 0 });
    },
  );

  it('is not fooled by URLs, which tinyld alone reads as Russian', () => {
    const text = 'Le réchauffement climatique menace la sécurité alimentaire http';
    expect(detector.detect(text).lang).toBe('fr');
  });

  it('is more confident on a long unambiguous text than on one word', () => {
    const long = detector.detect('Bonjour, je n’ai toujours pas reçu ma commande passée il y a deux semaines.');
    const short = detector.detect('merci');
    expect(long.lang).toBe('fr');
    expect(short.lang).toBe('fr');
    expect(long.confidence).toBeGreaterThan(short.confidence);
    expect(long.confidence).toBeLessThanOrEqual(1);
  });
});

describe('textForDetection', () => {
  it('removes URLs, handles, e-mails, digits and emoji but keeps words and hashtag words', () => {
    expect(textForDetection('@united merci 👍 #retard 3h http://t.co/x a.b@c.fr')).toBe('merci retard h');
  });
});
