// UI strings in English and French. Each feature module registers its own strings with add(),
// so features do not edit one shared dictionary.
const dict = { en: {}, fr: {} };
const saved = localStorage.getItem('inbox.lang');
export let lang = saved || ((navigator.language || 'en').toLowerCase().startsWith('fr') ? 'fr' : 'en');

export function add(strings) {
  for (const l of Object.keys(dict)) Object.assign(dict[l], strings[l] || {});
}

export function t(key, vars) {
  let s = dict[lang][key] ?? dict.en[key] ?? key;
  if (vars) for (const [k, v] of Object.entries(vars)) s = s.replaceAll(`{${k}}`, v);
  return s;
}

export function setLang(l) {
  lang = l;
  localStorage.setItem('inbox.lang', l);
  document.documentElement.lang = l;
  document.dispatchEvent(new CustomEvent('langchange'));
}

/** Relative age like "5 min" / "3 h" / "2 d", in the current language. */
export function age(ms, now = Date.now()) {
  const s = Math.max(0, Math.round((now - ms) / 1000));
  if (s < 60) return t('age.now');
  if (s < 3600) return `${Math.floor(s / 60)} min`;
  if (s < 86400) return `${Math.floor(s / 3600)} h`;
  return `${Math.floor(s / 86400)} ${t('age.days')}`;
}

/** A refused request's reason in the page's language (the API sends error and, where it words one, errorFr). */
export function errorText(e) {
  return (lang === 'fr' && e.data?.errorFr) || e.message;
}

export function dateTime(ms) {
  return new Date(ms).toLocaleString(lang === 'fr' ? 'fr-FR' : 'en-GB', { dateStyle: 'medium', timeStyle: 'short' });
}

add({
  en: {
    'age.now': 'now', 'age.days': 'd',
    'nav.inbox': 'Inbox', 'nav.board': 'Board', 'nav.audit': 'Audit', 'nav.logout': 'Log out', 'nav.account': 'My account', 'role.agent': 'Agent', 'role.lead': 'Lead', 'role.admin': 'Admin',
    'login.title': 'Sign in to Inbox', 'login.user': 'Username', 'login.password': 'Password', 'login.submit': 'Sign in',
    'login.invalid': 'Wrong username or password.', 'login.locked': 'Too many attempts. Try again later.',
    'conn.lost': 'Connection lost — reconnecting…', 'conn.back': 'Reconnected',
  },
  fr: {
    'age.now': "à l'instant", 'age.days': 'j',
    'nav.inbox': 'Boîte de réception', 'nav.board': 'Tableau de bord', 'nav.audit': 'Audit', 'nav.logout': 'Déconnexion', 'nav.account': 'Mon compte', 'role.agent': 'Agent', 'role.lead': 'Responsable', 'role.admin': 'Admin',
    'login.title': 'Connexion à Inbox', 'login.user': "Nom d'utilisateur", 'login.password': 'Mot de passe', 'login.submit': 'Se connecter',
    'login.invalid': "Nom d'utilisateur ou mot de passe incorrect.", 'login.locked': 'Trop de tentatives. Réessayez plus tard.',
    'conn.lost': 'Connexion perdue — reconnexion…', 'conn.back': 'Reconnecté',
  },
});

/** Text compared as people read it: accents and case aside ("resilier" finds "Résiliation"). */
export const fold = s => (s || '').normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
