import { readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FirstNamesFileNotFoundError, firstNamesLocations, readFirstNamesFile, shippedFirstNames } from '../../shared/adapters/first-names-file';
import { decodeFirstNames, firstNameGazetteer, foldName, InvalidFirstNamesFileError } from '../../shared/domain/redaction/first-names';
import { redactPii } from '../../shared/domain/redaction/redact-pii';

/** A small gazetteer of our own, so these tests say what the rules do whatever the shipped list holds. */
const firstNames = firstNameGazetteer(
  [
    ...['sophie', 'julien', 'melanie', 'aurelie', 'kevin', 'sarah', 'lea', 'tom', 'marie', 'jean', 'luc', 'sandrine', 'camille', 'laura', 'emma', 'olivier', 'charles', 'victor', 'jack', 'lily'],
    // first names that are words too, but not marked so in the shipped list: only a context tells
    ...['pierre', 'marc', 'jules', 'thomas', 'christine', 'billy'],
  ],
  ['claire', 'mark', 'rose', 'grace', 'hope'],
);
const redact = (text: string, keepStaffNames = false) => redactPii(text, { firstNames, keepStaffNames });

describe('foldName and firstNameGazetteer', () => {
  it('folds case, accents, ligatures and apostrophes', () => {
    expect(foldName('Mélanie')).toBe('melanie');
    expect(foldName('ZOË')).toBe('zoe');
    expect(foldName('Œdipe')).toBe('oedipe');
    expect(foldName('D’Arcy')).toBe("d'arcy");
  });

  it('knows first names in any case and with accents, hyphenated ones when a part is no common word', () => {
    expect(firstNames.has('MÉLANIE')).toBe(true);
    expect(firstNames.has('Jean-Luc')).toBe(true);
    expect(firstNames.has('Marie-Claire')).toBe(true);
    expect(firstNames.has('Rose-Claire')).toBe(false);
    expect(firstNames.has('Jean-Bidule')).toBe(false);
    expect(firstNames.has('Claire')).toBe(false);
    expect(firstNames.isHomonym('Claire')).toBe(true);
    expect(firstNames.isHomonym('Sophie')).toBe(false);
  });
});

describe('decodeFirstNames', () => {
  const file = {
    format: 'customer-voice/first-names@1',
    description: 'test',
    sources: [{ package: 'p', version: '1', licence: 'MIT' }],
    dropped: { rule: 'r', count: 0 },
    count: 2,
    names: 'lea sophie',
    homonyms: 'claire',
  };

  it('builds the gazetteer from a valid file', () => {
    const g = decodeFirstNames(file);
    expect([g.has('Léa'), g.has('Sophie'), g.isHomonym('claire'), g.size]).toEqual([true, true, true, 3]);
  });

  it.each([
    ['another format', { ...file, format: 'names@2' }, 'format'],
    ['names that are not folded', { ...file, names: 'Léa sophie' }, 'names'],
    ['a count that disagrees with the names', { ...file, count: 3 }, 'count says 3, names hold 2'],
    ['no source', { ...file, sources: [] }, 'sources'],
  ])('refuses %s, saying what is wrong', (_, content, message) => {
    expect(() => decodeFirstNames(content)).toThrow(InvalidFirstNamesFileError);
    expect(() => decodeFirstNames(content)).toThrow(message);
  });
});

describe('the shipped first-names file', () => {
  it('is read beside the bundle first, then from the repository, and decodes', () => {
    const [besideBundle, repository] = firstNamesLocations();
    expect(besideBundle).toMatch(/shared\/adapters\/first-names\.json$/);
    expect(repository).toMatch(/data\/first-names\.json$/);
    const shipped = shippedFirstNames();
    expect(shipped.size).toBeGreaterThan(10_000);
    for (const name of ['Sophie', 'Léa', 'Mélanie', 'Kevin', 'Julien', 'Sarah', 'Chloé', 'Mehdi']) expect(shipped.has(name), name).toBe(true);
    // Common words, months, places and brands are no first names there.
    for (const word of ['Will', 'May', 'June', 'Paris', 'Orange', 'Free', 'Clio', 'Lyon', 'Nancy', 'Avril']) expect(shipped.has(word), word).toBe(false);
    for (const word of ['Claire', 'Mark', 'Grace', 'Rose']) expect(shipped.isHomonym(word), word).toBe(true);
  });

  it('names every place it looked in when the file is missing', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'first-names-'));
    try {
      expect(() => readFirstNamesFile([join(dir, 'a.json'), join(dir, 'b.json')])).toThrow(FirstNamesFileNotFoundError);
      expect(() => readFirstNamesFile([join(dir, 'a.json')])).toThrow(join(dir, 'a.json'));
      await writeFile(join(dir, 'b.json'), readFileSync(firstNamesLocations()[1]!, 'utf8'));
      expect(readFirstNamesFile([join(dir, 'a.json'), join(dir, 'b.json')]).has('Sophie')).toBe(true);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('is what npm run build:first-names writes, byte for byte', async () => {
    const { buildFirstNames } = await import('../../scripts/build-first-names');
    const built = `${JSON.stringify(buildFirstNames().file, null, 1)}\n`;
    expect(built === readFileSync(firstNamesLocations()[1]!, 'utf8')).toBe(true);
  });
});

describe('redactPii with firstNames: a first name and a surname', () => {
  it.each([
    ['Réclamation de NAME concernant la facture', 'Sophie Martin'],
    ['NAME, cliente depuis 2015, demande un avoir', 'Sophie Martin'],
    ['Facture envoyée à NAME au lieu de la société', 'Julien BLANC'],
    ['Le dossier de NAME est bloqué', 'Jean-Luc Petit'],
    ['Please refund NAME, charged twice', 'Laura Watson'],
    ['Appel de NAME hier, rien depuis', 'Claire Dubois'],
  ])('redacts "%s"', (template, name) => {
    const text = template.replace('NAME', name);
    const start = text.indexOf(name);
    expect(redact(text).entities).toContainEqual({ type: 'NAME', start, end: start + name.length });
  });

  it('keeps the customer\'s full name redacted when staff names are kept', () => {
    expect(redact('Réclamation de Sophie Martin', true).text).toBe('Réclamation de [NAME]');
  });
});

describe('redactPii with firstNames: a first name alone, a staff name', () => {
  it.each([
    ["J'ai eu NAME au téléphone, très aimable", 'Mélanie'],
    ['I was served by NAME at the counter', 'Sarah'],
    ['Bonjour NAME, je vous renvoie la facture', 'Camille'],
    ['Vendeur compétent (NAME), je recommande', 'Olivier'],
    ['NAME a tout réglé en cinq minutes', 'Aurélie'],
    ['NAME was rude and hung up', 'Kevin'],
  ])('redacts "%s" by default and keeps it with keepStaffNames', (template, name) => {
    const text = template.replace('NAME', name);
    expect(redact(text).text).toBe(template.replace('NAME', '[NAME]'));
    expect(redact(text, true).text).toBe(text);
  });
});

describe('redactPii with firstNames: lower-case first names after a context', () => {
  it.each([
    ['mon mari julien a appelé trois fois', 'mon mari [NAME] a appelé trois fois'],
    ['my wife sarah was treated rudely', 'my wife [NAME] was treated rudely'],
    ['merci d’avance,\nsandrine', 'merci d’avance,\n[NAME]'],
    ['cordialement, sophie martin', 'cordialement, [NAME]'],
    ['le conseiller kevin m’a raccroché au nez', 'le conseiller [NAME] m’a raccroché au nez'],
  ])('redacts "%s"', (text, expected) => {
    expect(redact(text).text).toBe(expected);
  });

  it('leaves a lower-case word that is no first name after the same contexts', () => {
    for (const text of ['mon mari a appelé', 'my wife was there', 'cordialement, bonne journée', 'le conseiller ne rappelle pas']) {
      expect(redact(text).entities, text).toEqual([]);
    }
  });

  it('reads no lower-case name without the gazetteer', () => {
    expect(redactPii('mon mari julien a appelé').entities).toEqual([]);
  });
});

describe('redactPii with firstNames: what must survive', () => {
  it.each([
    'Avenue Victor Hugo, le magasin était fermé samedi.',
    "Vol annulé à l'aéroport Charles de Gaulle, aucune assistance.",
    'Colis bloqué à Roissy Charles de Gaulle depuis lundi.',
    'The Lily dress in size 12 never shipped.',
    'The Jack Wills store had no stock.',
    'Mark my words, I will never order again.',
    'Claire et rapide, la réponse.',
    'Grace period or not, you charged me twice.',
    'Bought a Rose Gold iPhone, got a black one.',
    'Victor Station branch was closed on Sunday.',
    'Jack Daniel\'s gift set arrived without the glasses.',
  ])('%s', (text) => {
    expect(redact(text).entities).toEqual([]);
  });
});

describe('redactPii with firstNames: names in a shouted message', () => {
  it.each([
    ["BONJOUR JE SUIS MARIE DUPONT ET MON COLIS N'EST JAMAIS ARRIVÉ", "BONJOUR JE SUIS [NAME] ET MON COLIS N'EST JAMAIS ARRIVÉ"],
    ["JE M'APPELLE JULIEN ROUSSEAU, MA COMMANDE EST BLOQUÉE", "JE M'APPELLE [NAME], MA COMMANDE EST BLOQUÉE"],
    ['COLIS ABIMÉ.\nCORDIALEMENT\nSOPHIE LAMBERT', 'COLIS ABIMÉ.\nCORDIALEMENT\n[NAME]'],
    ['SIGNÉ : LEFEBVRE OLIVIER', 'SIGNÉ : [NAME]'],
    ['MME BONNET CHRISTINE, ABONNÉE DEPUIS 2010, DEMANDE UN GESTE', 'MME [NAME], ABONNÉE DEPUIS 2010, DEMANDE UN GESTE'],
    ['MME PETIT ATTEND TOUJOURS SON TECHNICIEN', 'MME [NAME] ATTEND TOUJOURS SON TECHNICIEN'],
    ['BONJOUR MADAME DUPONT, VOTRE LIVREUR A OUBLIÉ MON COLIS', 'BONJOUR MADAME [NAME], VOTRE LIVREUR A OUBLIÉ MON COLIS'],
    ['MON MARI PIERRE A APPELÉ DEUX FOIS', 'MON MARI [NAME] A APPELÉ DEUX FOIS'],
    ['JE SUIS ROSE FERRAND, VOTRE LIVREUR A JETÉ MON COLIS', 'JE SUIS [NAME], VOTRE LIVREUR A JETÉ MON COLIS'],
    ['MRS HOPE WILLIAMS CALLED TWICE ABOUT THE FRIDGE', 'MRS [NAME] CALLED TWICE ABOUT THE FRIDGE'],
    ['MR KEVIN CALLED TWICE', 'MR [NAME] CALLED TWICE'],
  ])('redacts "%s"', (text, expected) => {
    expect(redact(text).text).toBe(expected);
  });

  it.each([
    ['BONJOUR CAMILLE, JE VOUS RELANCE POUR MON DOSSIER', 'BONJOUR [NAME], JE VOUS RELANCE POUR MON DOSSIER'],
    ['MERCI À SANDRINE DU SERVICE CLIENT QUI A TOUT RÉGLÉ', 'MERCI À [NAME] DU SERVICE CLIENT QUI A TOUT RÉGLÉ'],
  ])('redacts the staff name of "%s" by default and keeps it with keepStaffNames', (text, expected) => {
    expect(redact(text).text).toBe(expected);
    expect(redact(text, true).text).toBe(text);
  });

  it('reads a shouted name only after an abbreviated title without the gazetteer: nothing tells it from a shouted word', () => {
    expect(redactPii('MME PETIT ATTEND SON TECHNICIEN').text).toBe('MME [NAME] ATTEND SON TECHNICIEN');
    expect(redactPii('JE SUIS MARIE DUPONT').entities).toEqual([]);
    expect(redactPii('JE SUIS TRÈS DÉÇU PAR VOTRE SERVICE').entities).toEqual([]);
    // After a cue in lower case, capitals are a surname's, as before.
    expect(redactPii('Colis perdu. signé DUPONT').text).toBe('Colis perdu. signé [NAME]');
  });
});

describe('redactPii with firstNames: a surname in capitals, then the first name', () => {
  it.each([
    ['Remboursement toujours pas effectué. signé NAME', 'DUPONT Marie'],
    ['Mme NAME a été très mal accueillie au guichet.', 'DUPONT Marie'],
    ['M. NAME attend son remboursement depuis un mois.', 'MARTIN Jean-Pierre'],
    ['Réclamation de NAME concernant la facture de novembre.', 'CHEVALIER Thomas'],
    ['Appel de NAME le 12/11, aucun suivi depuis.', 'MARCHAND Luc'],
    ['Complaint from NAME about the late delivery.', 'HARRIS Laura'],
  ])('redacts "%s"', (template, name) => {
    const text = template.replace('NAME', name);
    const start = text.indexOf(name);
    expect(redact(text).entities).toContainEqual({ type: 'NAME', start, end: start + name.length });
  });
});

describe('redactPii with firstNames: a shouted word after a cue typed in lower case', () => {
  // The redacted text is what the sentiment engine reads: "Je suis [NAME]" would lose the complaint.
  it.each([
    'Je suis TRÈS DÉÇU de votre service après-vente.',
    'Bonjour, je suis EN COLÈRE : troisième colis perdu ce mois-ci.',
    'Merci BEAUCOUP pour rien, toujours pas de remboursement.',
    'I am VERY ANGRY about the second charge on my card.',
    'This is TOTALLY UNACCEPTABLE, I waited two hours on the phone.',
    'Ma fille ADORE la nouvelle appli, bravo.',
    'Le conseiller TRÈS AIMABLE a tout réglé en cinq minutes.',
  ])('keeps the shout: %s', (text) => {
    expect(redact(text).text).toBe(text);
  });

  it.each([
    ['je suis CAMILLE ROUSSEL et ma commande n\'est jamais arrivée', 'je suis [NAME] et ma commande n\'est jamais arrivée'],
    ['Merci de rappeler ma femme SOPHIE au sujet du dossier.', 'Merci de rappeler ma femme [NAME] au sujet du dossier.'],
    ['Cordialement,\nDUPONT', 'Cordialement,\n[NAME]'],
    ['Madame DUPONT attend son remboursement.', 'Madame [NAME] attend son remboursement.'],
    ['Réclamation, signé DURAND', 'Réclamation, signé [NAME]'],
  ])('still redacts a name the gazetteer or the cue vouches for: %s', (text, redacted) => {
    expect(redact(text).text).toBe(redacted);
  });
});

describe('redactPii with firstNames: a form pasted into a message', () => {
  it.each([
    ['Nom : Leroy Prénom : Sophie Objet : remboursement', 'Nom : [NAME] Prénom : [NAME] Objet : remboursement'],
    ['NOM : LEROY PRÉNOM : SOPHIE MOTIF : COLIS PERDU', 'NOM : [NAME] PRÉNOM : [NAME] MOTIF : COLIS PERDU'],
    ['NOM : DURAND PRÉNOM : SOPHIE', 'NOM : [NAME] PRÉNOM : [NAME]'],
    ['Name: Smith First name: John Reason: double charge', 'Name: [NAME] First name: [NAME] Reason: double charge'],
    ['Nom du client : Martin Prénom : Paul', 'Nom du client : [NAME] Prénom : [NAME]'],
  ])('ends each name at the next label, which names the next one: %s', (text, redacted) => {
    expect(redact(text).text).toBe(redacted);
  });

  it('ends a shouted name at the verb it opens, even one that is also a first name', () => {
    expect(redact('MA FILLE LÉA ADORE LE JOUET MAIS LA PILE EST MORTE').text).toBe('MA FILLE [NAME] ADORE LE JOUET MAIS LA PILE EST MORTE');
  });
});

describe('redactPii with firstNames: what must survive in a shouted message', () => {
  it.each([
    'JE SUIS TRÈS DÉÇU PAR VOTRE SERVICE APRÈS-VENTE, PLUS JAMAIS !',
    'LE CONSEILLER TRÈS AIMABLE MAIS AUCUNE SOLUTION',
    'MON FILS ADORE LE JOUET MAIS LA PILE EST MORTE',
    'I AM VERY DISAPPOINTED WITH THE DELIVERY, NEVER AGAIN',
    'MERCI BEAUCOUP POUR RIEN, SERVICE CLIENT NUL',
    'PLAN DE TRAVAIL EN PIERRE NOIRE LIVRÉ AVEC UN ÉCLAT',
    'MA MACHINE À CAFÉ FUIT, DU MARC DE CAFÉ PARTOUT',
    'LE LIVRE DE JULES VERNE EST ARRIVÉ DÉCHIRÉ',
    'COMMANDÉ UN PULL ROSE, REÇU UN PULL VERT',
    'NO HOPE OF A REFUND, GRACE PERIOD MEANS NOTHING TO YOU',
    'WILL SOMEONE CALL ME BACK? I HOPE SO',
    'MADAME, MONSIEUR, VOTRE SERVICE EST UNE HONTE',
    'MONSIEUR TRÈS DÉÇU DE VOTRE SERVICE',
    'BONJOUR, JE SOUHAITE RÉSILIER MON ABONNEMENT',
    'Étagère IKEA Billy arrivée sans les vis.',
  ])('%s', (text) => {
    expect(redact(text).entities).toEqual([]);
  });
});
