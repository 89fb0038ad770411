/** The word lists the detectors consult (data only): what is not a name, a city, an e-mail's local part… */

// E-mail
export const COMMON_TLDS = new Set(
  'com fr net org eu uk co io be ch de es it nl lu ca us info biz me pro tv fm app dev ie pt at dk se no fi pl'.split(' '),
);
export const WEBMAIL = new Set(
  ('gmail googlemail hotmail outlook live msn yahoo ymail icloud me mac aol gmx proton protonmail orange wanadoo free ' +
    'sfr neuf laposte bbox numericable club-internet aliceadsl noos yopmail zoho mail').split(' '),
);
/** "I emailed them at gmail.com": words that precede "at" in prose. */
export const NOT_A_LOCAL_PART = new Set('was were is are am me him her them us you it emailed mailed email mail wrote write registered signed logged account'.split(' '));

// Addresses, names and e-mails
/** Words that end a street or person name typed in lower case (or start a new sentence). */
export const STOP_WORDS = new Set(
  ('à et ou mais donc car je j il elle on nous vous ils elles depuis pour avec sans chez qui que qu est sont a ai as ont ' +
    'était etait été ete pas ne n toujours jamais encore déjà deja hier demain aujourd ce cet cette ces mon ma mes son sa ses ' +
    'votre vos notre nos leur leurs un une y puis alors merci svp le colis livré livre reçu recu mais bonjour voici ' +
    'the and but or since for with is was are were has have had still never not no i we my our your it this that to in on at ' +
    'by from of as so if then when please thanks thank hello hi which who where yesterday today tomorrow again already').split(' '),
);

// Addresses and postcodes
/** Lower-case words that may sit inside a street or place name. */
export const NAME_PARTICLES = new Set(['de', 'du', 'des', 'la', 'le', 'les', 'l', 'd', 'aux', 'au', 'sur', 'sous', 'en', 'lès', 'saint', 'sainte', 'st', 'ste', 'of', 'the']);
/** Words after a number that make it a quantity: not a postcode, not a house number. */
export const NOT_A_CITY = new Set(
  ('euros euro eur km m kg g clients abonnés points ans jours heures mois commandes fois personnes exemplaires pièces unités ' +
    'go mo mbps habitants visites vues followers likes messages minutes secondes articles produits colis dollars usd livres ' +
    'days weeks hours minutes months years times items orders parcels packages boxes calls emails people units miles more other').split(' '),
);
export const LOWERCASE_CITIES = new Set(
  ('paris lyon marseille toulouse nice nantes strasbourg montpellier bordeaux lille rennes reims toulon grenoble dijon ' +
    'angers nîmes nimes brest tours limoges amiens perpignan metz besançon besancon orléans orleans rouen caen nancy mulhouse ' +
    'versailles nanterre créteil creteil argenteuil montreuil roubaix tourcoing avignon poitiers pau calais cannes antibes').split(' '),
);

// Names
/**
 * Greetings and sign-off words: "Merci,\nCordialement" is two sign-offs, not a thank-you to a
 * Cordialement; "BONJOUR Camille" greets someone, where "IKEA Billy" names a product.
 */
export const GREETING_AND_SIGN_OFF_WORDS = new Set('cordialement salutations amicalement bises cdlt merci thanks thank regards best cheers sincerely bonjour hello hi'.split(' '));
/**
 * The labels of a form pasted into a message ("Nom : Leroy Prénom : Sophie", "Name: Smith First
 * name: John"): a name ends where the next label starts, which is also the next name's cue.
 */
export const FORM_LABELS = new Set(
  ('nom prénom prenom name first last surname objet motif sujet subject reason téléphone telephone tél tel phone mobile portable ' +
    'email e-mail mail courriel adresse address commande order référence reference dossier date').split(' '),
);
/** Capitalised words that follow a role or an honorific without being a person. */
export const NOT_A_NAME = new Set([
  ...('le la les l un une des du de the a an and et je i nous vous we you client clients service support directeur directrice ' +
    'responsable manager orange free sfr bouygues sncf edf engie amazon fnac darty boulanger cdiscount ikea apple samsung ' +
    'google microsoft uber ups dhl fedex chronopost colissimo poste ratp netflix canal bnp lcl axa maif macif ' +
    'vinted zalando carrefour auchan leclerc intermarché decathlon customer team madame monsieur sir madam toute tout tous ' +
    'internet wifi box livebox freebox bbox iphone ipad android windows noël christmas').split(' '),
  ...GREETING_AND_SIGN_OFF_WORDS,
  ...FORM_LABELS,
]);

/** Relations a customer names a relative after ("ma fille Léa", "my wife Sarah"): a regex alternation. */
export const RELATIVES = [
  'fille', 'fils', 'femme', '[ée]pouse', 'mari', '[ée]poux', 'conjointe?', 'compagne', 'compagnon', 'm[èe]re', 'maman', 'p[èe]re', 'papa',
  's(?:œ|oe)ur', 'fr[èe]re', 'grand-m[èe]re', 'grand-p[èe]re', 'tante', 'oncle', 'cousine?', 'belle-m[èe]re', 'beau-p[èe]re',
  'belle-s(?:œ|oe)ur', 'beau-fr[èe]re', 'ni[èe]ce', 'neveu', 'fianc[ée]e?', 'petite-fille', 'petit-fils', 'voisine?', 'amie?', 'copine', 'copain',
  'daughter', 'son', 'wife', 'husband', 'partner', 'mother', 'mum', 'mom', 'father', 'dad', 'sister', 'brother', 'grandmother',
  'grandfather', 'grandma', 'grandpa', 'granddaughter', 'grandson', 'aunt', 'uncle', 'cousin', 'niece', 'nephew', 'fianc[ée]e?',
  'girlfriend', 'boyfriend', 'neighbou?r', 'friend', 'mother-in-law', 'father-in-law', 'son-in-law', 'daughter-in-law',
].join('|');

export const HONORIFIC_WORDS = new Set(['m', 'mr', 'mrs', 'ms', 'mme', 'mlle', 'dr', 'monsieur', 'madame', 'mademoiselle', 'docteur', 'sir', 'miss']);

// Names found by the first-name gazetteer
/** Words after which a capitalised first name names a place, a school, a street: "avenue Victor Hugo", "aéroport Charles de Gaulle". */
export const PLACE_WORDS_BEFORE_A_NAME = new Set(
  ('rue avenue av bd boulevard place allée allee impasse chemin quai cours square parc pont route aéroport aeroport gare station ' +
    'lycée lycee collège college école ecole stade hôpital hopital clinique résidence residence église eglise cathédrale musée ' +
    'musee hôtel hotel théâtre theatre cinéma cinema centre center saint sainte st ste street road lane drive way airport ' +
    'school hospital university church museum bridge mount mont lac lake cap port île ile hall salle espace galerie').split(' '),
);
/** Capitalised words after a first name that make it a place, a product or an organisation: "Victoria Station", "Marie Claire Magazine". */
export const NOT_A_SURNAME = new Set(
  ('station street road avenue lane square park store shop centre center mall market bank hospital airport school college ' +
    'university church hotel restaurant magazine service services client clients customer care support team group company ' +
    'department prime video tv plus pro max mini nord sud est ouest north south east west edition ' +
    'red blue black white green gold silver grey gray pink rouge bleu noir blanc vert or argent gris rose collection box app card carte magasin boutique agence ' +
    'janvier février fevrier mars avril mai juin juillet août aout septembre octobre novembre décembre decembre ' +
    'january february march april may june july august september october november december ' +
    'lundi mardi mercredi jeudi vendredi samedi dimanche monday tuesday wednesday thursday friday saturday sunday').split(' '),
);
/** Words after a sentence-opening first name that make it a person acting: "Aurélie a tout réglé", "Kevin was rude". */
export const VERBS_AFTER_A_NAME = new Set(
  ("a m'a n'a s'est est était etait avait m'avait nous vous m'a-t-elle m'a-t-il ne n'est " +
    'was is has had did told said helped called sent hung sorted fixed answered explained promised refused never always from at ' +
    'adore adorait aime aimait déteste deteste attend attendait veut voulait loves loved likes liked hates hated wants wanted').split(' '),
);
/** Articles and prepositions right before a first name that make it a thing or a place: "the Lily dress", "la Clio", "in Milton Keynes". */
export const WORDS_BEFORE_A_THING = new Set('the a an this that these those le la les un une ce cet cette in near'.split(' '));
/**
 * Brands and places named after a person, written as customers write them (case counts): the
 * first name in them is no one's. A regex alternation.
 */
export const BRANDS_NAMED_AFTER_PEOPLE = [
  "Marks (?:and|&) Spencer", "Jack Wills", "Jack Daniel's", 'Harvey Nichols', 'Ted Baker', 'Paul Smith', 'Laura Ashley', 'Karen Millen',
  "Victoria's Secret", "Ben (?:and|&) Jerry's", 'Tommy Hilfiger', 'Calvin Klein', 'Ralph Lauren', 'Hugo Boss', 'Kurt Geiger',
  'Louis Vuitton', 'Christian Dior', 'Christian Louboutin', 'Pierre Cardin', 'Jean[- ]Paul Gaultier', 'Yves Saint[- ]Laurent', 'Yves Rocher',
  'Franck Provost', 'Jacques Dessange', 'Jean[- ]Louis David', 'Camille Albane', 'Guy Degrenne', 'Marie Claire', 'Jules Verne',
  'Milton Keynes', 'Victor Hugo', 'Charles de Gaulle', 'Jean Jaurès', 'Louis Pasteur', 'Jean Moulin', 'Emile Zola', 'Émile Zola',
].join('|');
