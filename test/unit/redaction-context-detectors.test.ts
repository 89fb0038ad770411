import { describe, expect, it } from 'vitest';
import { redactPii } from '../../shared/domain/redaction/redact-pii';
import { expectRedactedAs, expectUntouched, typesOf } from '../support/redaction';

// The detectors of issue #17: values whose context says what they are.

/** Appends the Luhn check digit, computed here and not by the code under test. */
function luhnComplete(body: string): string {
  for (let d = 0; d <= 9; d += 1) {
    const candidate = `${body}${d}`;
    const sum = [...candidate].reverse().reduce((acc, c, i) => {
      const n = Number(c) * (i % 2 === 1 ? 2 : 1);
      return acc + (n > 9 ? n - 9 : n);
    }, 0);
    if (sum % 10 === 0) return candidate;
  }
  throw new Error('unreachable');
}
const groupBy4 = (s: string) => s.match(/.{1,4}/g)?.join(' ') ?? s;

describe('redactPii: card numbers in a card context', () => {
  const amexPrefixed16 = groupBy4(luhnComplete('341256789012345'));
  const noNetwork19 = groupBy4(luhnComplete('901234567890123456'));

  it.each([
    ['Paiement refusé avec ma carte NUMBER hier', amexPrefixed16],
    ['My card number is NUMBER, charged twice', amexPrefixed16],
    ['CB NUMBER refusée au terminal', noNetwork19],
    ['Carte bancaire n° NUMBER', luhnComplete('123456789012')],
    ['Debit card no. NUMBER was charged', noNetwork19.replace(/ /g, '-')],
    ['charged on my card ending 4242, the full number NUMBER is on your email', amexPrefixed16],
  ])('redacts a Luhn-valid number whatever its issuer: %s', (template, number) => {
    expectRedactedAs(template.replace('NUMBER', number), number, 'CARD');
  });

  it('still needs the Luhn check in a card context', () => {
    const wrong = amexPrefixed16.replace(/\d$/, (d) => String((Number(d) + 1) % 10));
    expect(typesOf(`ma carte ${wrong}`)).not.toContain('CARD');
  });

  it('needs the context: the same number alone, or after the end of the sentence, is not a card', () => {
    expectUntouched(`numéro ${amexPrefixed16} ok`);
    expect(typesOf(`Payé par carte! Colis ${amexPrefixed16}`)).not.toContain('CARD');
  });

  it('takes a 13-digit EAN barcode for a product, not a card, outside a card context', () => {
    expectUntouched('Item 5901234123457 was out of stock');
  });
});

describe('redactPii: IP addresses', () => {
  it.each([
    ['Je me connectais depuis l’IP ADDR quand le site a planté', '82.64.113.7'],
    ['logged in from ADDR at 14:02', '172.16.254.1'],
    ['my IPv6 is ADDR, at home', '2a01:e0a:1b3:5c40::1'],
    ['from ADDR, please check', 'fe80::1c2b:3dff:fe4a:9e01'],
    ['full form ADDR here', '2001:0db8:85a3:0000:0000:8a2e:0370:7334'],
  ])('redacts %s', (template, address) => {
    expectRedactedAs(template.replace('ADDR', address), address, 'IP');
  });

  it.each([
    ['an octet over 255', 'from 192.168.1.256 today'],
    ['a version number after its word', 'firmware 2.4.10.1 bricked it, version 1.2.3.4 too'],
    ['a version number before its word', 'the 2.5.0.1 app version is buggy'],
    ['a glued version', 'sensor v2.0.0.0 needs a fix'],
    ["a version after the app's name", "passée depuis l'appli 5.4.3.2"],
    ['a longer dotted number', 'build 10.0.19045.3693.1 is broken'],
    ['a dotted amount', 'Total : 1.234.567 points'],
    ['times', 'rappel à 10:45:30 ou 10.45'],
    ['a group of more than four hex digits', 'code 12345:abcd::1 refused'],
    ['eight groups and a "::"', '1:2:3:4:5:6:7::8'],
  ])('leaves %s alone', (_, text) => {
    expect(typesOf(text)).not.toContain('IP');
  });
});

describe('redactPii: dates of birth in context', () => {
  it.each([
    ['Je suis né le DATE et votre formulaire refuse ma date', '12/03/1985'],
    ['Ma fille, née le DATE, n’a pas pu être inscrite', '4 juillet 2012'],
    ['Né à Lyon le DATE, client depuis 20 ans', '28/02/1966'],
    ['Date de naissance : DATE. Merci', '23.11.1978'],
    ['Ma date de naissance est le DATE et non le 5 janvier', '1er mai 1970'],
    ['DOB DATE, policy renewal pending', '1985-03-12'],
    ['D.O.B.: DATE, please update', '1991-07-04'],
    ['I was born on DATE and your system says I am under 18', '7 May 1969'],
    ['born on DATE and still asked for proof of age', 'June 5, 1978'],
    ['My daughter was born on DATE, child fare', '3rd August 2015'],
  ])('redacts the date in "%s"', (template, date) => {
    expectRedactedAs(template.replace('DATE', date), date, 'BIRTH_DATE');
  });

  it.each([
    ['né le 3 mars 1980 et ma fille le 5 juin 2012', 'né le [BIRTH_DATE] et ma fille le [BIRTH_DATE]'],
    ['Je suis né le 3 mars 1980, ma femme le 2 juin 1982 et mon fils Léo le 5 juin 2012.', 'Je suis né le [BIRTH_DATE], ma femme le [BIRTH_DATE] et mon fils [NAME] le [BIRTH_DATE].'],
    ['I was born on 7 May 1969 and my wife on 2 June 1971, yet the form refuses us.', 'I was born on [BIRTH_DATE] and my wife on [BIRTH_DATE], yet the form refuses us.'],
    ['Née le 3 mars 1992 à Nantes et mon fils le 12 juin 2020.', 'Née le [BIRTH_DATE] à Nantes et mon fils le [BIRTH_DATE].'],
    ['Date de naissance : 12/03/1985 et mon mari, le 04/07/1983.', 'Date de naissance : [BIRTH_DATE] et mon mari, le [BIRTH_DATE].'],
  ])('redacts the second birth date whose "born" is left out: %s', (text, expected) => {
    expect(redactPii(text).text).toBe(expected);
    expect(redactPii(redactPii(text).text).text).toBe(expected);
  });

  it.each([
    'Née le 3 mars 1980 et ma commande livrée le 5 juin 2012.',
    'born on 7 May 1969 and my order on 2 June 2024',
    'Né le 3 mars 1980 et mon mariage le 5 juin 2012',
  ])('keeps a later date that is not a relative’s birth: %s', (text) => {
    expect(redactPii(text).entities.map((e) => e.type)).toEqual(['BIRTH_DATE']);
  });

  it('keeps the context words, so the sentence still reads', () => {
    expect(redactPii('Je suis née le 17 avril 1990, pas en 1909.').text).toBe('Je suis née le [BIRTH_DATE], pas en 1909.');
  });

  it.each([
    'Livraison prévue le 12/03/2026, reportée au 19/03/2026.',
    'The store opened on 12 March 1985 and has never been this bad.',
    'Meeting set for 2026-01-15 at 09:30.',
    'Contrat signé le 1er mai 2020, résilié le 30 juin 2025.',
    'My son was born in 2015 and loves the product.',
  ])('leaves dates that are not birth dates alone: %s', (text) => {
    expectUntouched(text);
  });
});

describe('redactPii: identity documents and tax numbers named by their context', () => {
  it.each([
    ['Numéro de passeport VALUE, billet au mauvais nom', '19FV52311', 'ID_DOCUMENT'],
    ['Passport no. VALUE is on the booking', '925076473', 'ID_DOCUMENT'],
    ["Carte d'identité VALUE refusée comme justificatif", 'X4RTBPFW4', 'ID_DOCUMENT'],
    ['CNI n° VALUE, photocopie refusée', '930512345678', 'ID_DOCUMENT'],
    ['Permis de conduire numéro VALUE, location annulée', '12AB34567', 'ID_DOCUMENT'],
    ['Driving licence number VALUE, booking lost', 'MORGA657054SM9IJ', 'ID_DOCUMENT'],
    ["Driver's license VALUE, charged twice", 'D1234567', 'ID_DOCUMENT'],
    ['My passport (VALUE) was scanned without asking', '548812239', 'ID_DOCUMENT'],
    ['Mon numéro fiscal est le VALUE, attestation fausse', '13 24 607 518 309', 'TAX_ID'],
    ['Identifiant fiscal (SPI) : VALUE. Jamais remboursé', '3012345678901', 'TAX_ID'],
    ["Le numéro fiscal de ma mère est VALUE et l'attestation porte le mien", '2 45 78 901 234 56', 'TAX_ID'],
    ['My UTR is VALUE and the invoice is wrong', '12345 67890', 'TAX_ID'],
  ])('redacts "%s"', (template, value, type) => {
    expectRedactedAs(template.replace('VALUE', value), value, type);
  });

  it.each([
    'Mon passeport expire le 12/05/2027, la réservation doit rester valable.',
    'Passport renewal took 6 weeks and the ID card 3 months.',
    'Permis B obtenu en 2019, la location exige 3 ans de permis.',
    'Prélèvement à la source de 312 € en mars, numéro de commande 1234567890123.',
  ])('needs a number right after the document: %s', (text) => {
    expectUntouched(text);
  });

  it('wins over an order reference when the context names the document', () => {
    expectRedactedAs('Driving licence number MORGA657054SM9IJ lost', 'MORGA657054SM9IJ', 'ID_DOCUMENT');
  });
});

describe('redactPii: UK National Insurance numbers and US SSNs', () => {
  it.each([
    ['My National Insurance number is VALUE, payroll wrong', 'JG 10 37 59 A', 'NINO'],
    ['NI number VALUE, please update', 'PW147088C', 'NINO'],
    ["HMRC's letter quotes VALUE but that is not mine", 'SK 80 21 96 D', 'NINO'],
    ['SSN VALUE was printed on the envelope', '536-90-4418', 'SSN'],
    ['my social security number (VALUE) over chat', '415-28-6093', 'SSN'],
    ['SSN: VALUE, why for a refund?', '372418856', 'SSN'],
    ['SS# VALUE, the insurer cannot find my file', '455 32 1190', 'SSN'],
  ])('redacts "%s"', (template, value, type) => {
    expectRedactedAs(template.replace('VALUE', value), value, type);
  });

  it.each([
    ['a prefix no NINO has', 'Order QQ123456C was delivered late'],
    ['a NINO-shaped product code', 'Product code AB123456C is out of stock'],
    ['an SSN-shaped number without context', 'Tracking 123-45-6789 stuck in Memphis'],
    ['an SSN with an impossible area', 'SSN 666-12-3456 on the demo form'],
    ['an SSN with a zero group', 'SSN 123-00-4567 on the demo form'],
  ])('leaves %s alone', (_, text) => {
    expect(typesOf(text)).not.toContain('NINO');
    expect(typesOf(text)).not.toContain('SSN');
  });
});

describe('redactPii: names given away by a relation, a greeting or a sign-off', () => {
  it.each([
    ['Ma fille NAME a commandé le mauvais modèle', 'Léa'],
    ['My wife NAME was treated rudely', 'Sarah'],
    ['Mon mari NAME a appelé trois fois', 'Pierre'],
    ['My mother NAME cannot log in', 'Margaret Evans'],
    ['Ma sœur NAME a commandé la même chose', 'Amandine'],
    ['Bonjour, NAME ici. Toujours rien.', 'Sophie Martin'],
    ['Hi, NAME here, my parcel is missing', 'James Walker'],
    ['Remboursement en attente. Signé : NAME', 'Paul Durand'],
    ['Signed: NAME, very unhappy customer.', 'Laura Hughes'],
    ['Merci de traiter ma demande. Cordialement, NAME', 'Paul Durand'],
    ['Still waiting. Thanks, NAME', 'Peter'],
    ['Thanks again,\nNAME', 'Chris'],
    ['Hi there, NAME here. Order 5521 never arrived.', 'Tom'],
    ['ma copine NAME a eu le même souci', 'Julie'],
    ['Dossier au nom de NAME, merci', 'Camille Robert'],
  ])('redacts "%s"', (template, name) => {
    expectRedactedAs(template.replace('NAME', name), name, 'NAME');
  });

  it.each([
    'Ma fille a commandé le mauvais modèle.',
    'My wife and I were treated rudely at Paris Gare du Nord.',
    'Ma mère Internet ne fonctionne plus depuis lundi.',
    'Bonjour, service client ici ? Personne ne répond.',
    'Best regards, Customer Service Team',
    'Bonjour,\nLa box est-elle compatible ?\nMerci,\nCordialement',
    'Hi,\nStill waiting.\nThanks\nRegards',
  ])('does not take a relation, greeting or sign-off without a name for one: %s', (text) => {
    expect(typesOf(text)).not.toContain('NAME');
  });
});

describe('redactPii: staff names and keepStaffNames', () => {
  it.each([
    ['merci à Kevin pour son aide', 'Kevin'],
    ['The delivery guy Ryan was great', 'Ryan'],
    ['Stéphanie au magasin de Rennes m’a bien conseillée', 'Stéphanie'],
    ['the advisor named Priya hung up on me', 'Priya'],
  ])('redacts them by default: %s', (text, name) => {
    expectRedactedAs(text, name, 'NAME');
  });

  it('keeps them with keepStaffNames, and still redacts the customer and their relatives', () => {
    const text = 'Merci à Kevin ! Ma fille Léa était ravie. Cordialement, Paul Durand';
    expect(redactPii(text, { keepStaffNames: true }).text).toBe('Merci à Kevin ! Ma fille [NAME] était ravie. Cordialement, [NAME]');
    expect(redactPii(text).text).toBe('Merci à [NAME] ! Ma fille [NAME] était ravie. Cordialement, [NAME]');
  });
});
