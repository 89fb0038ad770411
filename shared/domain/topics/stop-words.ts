/**
 * Words that are never topics, FR and EN, in their accent-folded lower-case form: function words,
 * auxiliaries and frequent verbs, politeness, time units and the generic words of any feedback
 * ("problème", "service", "customer"). Compact lists kept as data (nlp.js's own lists lack
 * "très", "toujours", "don't"… and pull in its core). `BRIDGE_WORDS` are the few that may sit
 * inside a phrase ("retard de livraison", "crashes at checkout") without breaking it.
 */
const FRENCH =
  'a ai aie aient aies ait alors as au aucun aucune aujourd aupres aura aurai auraient aurais aurait auras aurez aurons auront aussi autre autres aux avaient avais avait avant avec avez aviez avions avoir avons ayant bah beaucoup ben bien bientot bon bonjour bonne bonsoir c ca car ce ceci cela celle celles celui cependant certain certains ces cet cette ceux chaque chez chose choses ci comme comment contre cordialement d dans de deja depuis des deux devant devez devoir devrait dire dit dois doit donc dont du elle elles en encore entre es est et etaient etais etait etant ete etes etre eu eue eues eux fais faire fait faites faut fois font fut hier hui il ils j jamais je jour jours jusqu l la laquelle le lequel les leur leurs lors lorsqu lui m ma madame mais mal me meme mes merci mettre mien mois moi moins mon monsieur n na ne ni non nos notre nous o on ont ou oui par parce pas peu peut peuvent peux plus plusieurs pour pourquoi pourtant pouvez pouvoir premier probleme problemes puis puisqu qu quand que quel quelle quelles quelqu quelque quelques quels qui quoi quoiqu rien s sa sans se semaine semaines sera serai seraient serais serait seras serez serons seront ses si sien soi soient sois soit sommes son sont sous suis sur t ta tant te tes toi ton toujours tous tout toute toutes tres trop tu un une unes uns va vais vas veut veux via voici voila voir vont vos votre vous vraiment vu y'
  + ' afin ainsi apres assez autant avais celle chacun combien dessus dessous deja dorenavant etc hormis lorsque malgre neanmoins parfois partout pendant peut-etre plutot quasi selon seulement sinon soit souvent suite tandis tard tot vers voire heure heures minute minutes an ans annee annees matin soir demain'
  + ' deux trois quatre cinq six sept huit neuf dix onze douze quinze vingt trente cent cents mille premiere deuxieme lundi mardi mercredi jeudi vendredi samedi dimanche personne quelqu';
const ENGLISH =
  'a about above after again against all also am an and another any anyone anything are aren as at back be because been before being below between both but by came can cannot could couldn day days did didn do does doesn doing don done down during each either else even ever every everything few for from further get gets getting give go goes going gone got had hadn has hasn have haven having he hello her here hers herself hi him himself his how however i if im in into is isn it its itself ive just know last like ll made make many may me might month months more most much must my myself need never new no nor not now of off on once one only or other our ours ourselves out over own please problem problems re really s said same say see shall she should shouldn since so some someone something still such t take than thank thanks that the their theirs them themselves then there these they thing things this those though through time times to today too two under until up us ve very want was wasn way we week weeks well went were weren what when where whether which while who whom why will with within without won would wouldn year years yes yesterday yet you your yours yourself yourselves'
  + ' dear regards sir madam ok okay etc hour hours minute minutes morning evening tomorrow http https www com'
  + ' three four five six seven eight nine ten twelve fifteen twenty thirty hundred thousand first second monday tuesday wednesday thursday friday saturday sunday nobody anybody somebody';

/** Words that join a phrase's content words: "retard de la livraison", "problem with the app". */
const BRIDGES = 'a au aux d de des du en l la le les mon ma mes notre nos votre vos sur pour at for in of on the to with my our your an';

const setOf = (words: string) => new Set(words.split(/\s+/).filter(Boolean));

export const STOP_WORDS: Record<'en' | 'fr', ReadonlySet<string>> = { fr: setOf(FRENCH), en: setOf(ENGLISH) };
export const BRIDGE_WORDS: ReadonlySet<string> = setOf(BRIDGES);
