// The words of a duplicate link's evidence ("same order number 4471; text 87% similar; 40 min apart") and of an
// identity-merge reason, in the page's language. The server writes them in English when it links (DuplicateScorer,
// IdentityLinks) and keeps them as written: they are the record of why a link was made. The phrases come from a
// closed set of templates, so the page translates them phrase by phrase; a phrase it does not know stays in
// English rather than being guessed at (a browser test checks every template).
import { lang } from './i18n.js';
import { channelLabel } from './dom.js';

const frChannel = c => c === 'email' ? 'e-mail' : c === 'webchat' ? 'chat web' : (channelLabel[c] || c);
// "~1.5 an hour" → "~1,5 par heure": French writes decimals with a comma (token values such as amounts are kept as written).
const frNumber = n => n.replace('.', ',');
const frGap = g => g.replace(/^(\d+) days$/, (_, n) => `${n} jours`);

// What a shared specific token is (DuplicateScorer.Describe).
const kinds = [
  [/^reference (.+)$/, v => `même référence ${v}`],
  [/^number (.+)$/, v => `même numéro ${v}`],
  [/^email address (.+)$/, v => `même adresse e-mail ${v}`],
  [/^phone number (.+)$/, v => `même numéro de téléphone ${v}`],
  [/^card ending (.+)$/, v => `même carte finissant par ${v}`],
  [/^amount (.+)$/, v => `même montant ${v}`],
  [/^date \((.+)\)$/, v => `même date (${v})`],
];
const token = described => {
  for (const [re, fr] of kinds) {
    const m = described.match(re);
    if (m) return fr(m[1]);
  }
  return `même ${described}`;
};

// One template each, most specific first; a function gets the match's groups.
const phrases = [
  [/^same customer$/, () => 'même client'],
  [/^same name$/, () => 'même nom'],
  [/^same name \(common: ~([\d.,]+) an hour\)$/, n => `même nom (courant : ~${frNumber(n)} par heure)`],
  [/^same name \(common: ~(\d+) namesakes in the window\)$/, n => `même nom (courant : ~${n} homonymes dans la fenêtre)`],
  [/^same surname$/, () => 'même nom de famille'],
  [/^same surname \(common: ~([\d.,]+) an hour\)$/, n => `même nom de famille (courant : ~${frNumber(n)} par heure)`],
  [/^same first name$/, () => 'même prénom'],
  [/^same first name \(common: ~([\d.,]+) an hour\)$/, n => `même prénom (courant : ~${frNumber(n)} par heure)`],
  [/^similar name$/, () => 'nom proche'],
  [/^same email address or phone number$/, () => 'même adresse e-mail ou même numéro de téléphone'],
  [/^different reference numbers$/, () => 'numéros de référence différents'],
  [/^refers to a message on (\w+)$/, c => `mentionne un message sur ${frChannel(c)}`],
  [/^sent (.+) before, as the customer says$/, g => `envoyé ${frGap(g)} avant, comme le dit le client`],
  [/^text (\d+)% similar$/, n => `texte similaire à ${n} %`],
  [/^common wording \(~([\d.,]+) such messages an hour\)$/, n => `formulation courante (~${frNumber(n)} messages de ce genre par heure)`],
  [/^(\d+ (?:s|min|h|days)) apart$/, g => `${frGap(g)} d’écart`],
  [/^the only similar message on (\w+)$/, c => `le seul message semblable sur ${frChannel(c)}`],
  [/^same (.+) on both sides$/, d => `${token(d)} des deux côtés`],
  [/^same (.+)$/, d => token(d)],
];

function phrase(p) {
  for (const [re, fr] of phrases) {
    const m = p.match(re);
    if (m) return fr(...m.slice(1));
  }
  return p;
}

/** A link's evidence ("; "-separated phrases) in the page's language. */
export function evidenceText(evidence, language = lang) {
  if (language !== 'fr' || !evidence) return evidence;
  return evidence.split('; ').map(phrase).join(' ; ');
}

/** An identity-merge reason: "same … on both sides", or "linked conversations (evidence)". */
export function mergeReasonText(reason, language = lang) {
  if (language !== 'fr' || !reason) return reason;
  const linked = reason.match(/^linked conversations \((.*)\)$/);
  return linked ? `conversations liées (${evidenceText(linked[1], language)})` : phrase(reason);
}
