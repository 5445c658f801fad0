// The sign-in page, with its two companions: asking for a password link (#forgot) and choosing a password from a
// link mailed to the agent (#token=…, an invitation or a reset; the token stays in the fragment, which the browser
// never sends to a server).
import { api } from './api.js';
import { add, t, lang, setLang, errorText } from './i18n.js';

add({
  en: {
    'login.forgot': 'Forgot your password?',
    'forgot.title': 'Forgot your password?', 'forgot.help': 'Give your username or email address: a link to choose a new password will be sent to your address.',
    'forgot.login': 'Username or email', 'forgot.submit': 'Send me a link', 'forgot.back': 'Back to sign in',
    'forgot.sent': 'If an account has this username or address, a link is on its way to its mailbox. It works once, within one hour.',
    'choose.password': 'New password', 'choose.confirm': 'The same again', 'choose.submit': 'Save and sign in', 'choose.again': 'Ask for a new link',
    'choose.invite': 'Welcome, {name}', 'choose.inviteHelp': 'Choose the password of your Inbox account “{user}” (at least 8 characters).',
    'choose.reset': 'Choose a new password', 'choose.resetHelp': 'For the account “{user}” (at least 8 characters). Your other sessions will end.',
    'choose.mismatch': 'The two passwords are not the same.', 'choose.spent': 'This link has expired or has already been used.',
  },
  fr: {
    'login.forgot': 'Mot de passe oublié ?',
    'forgot.title': 'Mot de passe oublié ?', 'forgot.help': 'Indiquez votre identifiant ou votre adresse e-mail : un lien pour choisir un nouveau mot de passe sera envoyé à votre adresse.',
    'forgot.login': 'Identifiant ou e-mail', 'forgot.submit': 'Envoyer un lien', 'forgot.back': 'Revenir à la connexion',
    'forgot.sent': 'Si un compte a cet identifiant ou cette adresse, un lien part vers sa boîte. Il sert une fois, pendant une heure.',
    'choose.password': 'Nouveau mot de passe', 'choose.confirm': 'Le même à nouveau', 'choose.submit': 'Enregistrer et se connecter', 'choose.again': 'Demander un nouveau lien',
    'choose.invite': 'Bienvenue, {name}', 'choose.inviteHelp': 'Choisissez le mot de passe de votre compte Inbox « {user} » (8 caractères au moins).',
    'choose.reset': 'Choisir un nouveau mot de passe', 'choose.resetHelp': 'Pour le compte « {user} » (8 caractères au moins). Vos autres sessions prendront fin.',
    'choose.mismatch': 'Les deux mots de passe ne sont pas les mêmes.', 'choose.spent': 'Ce lien a expiré ou a déjà servi.',
  },
});

const $ = id => document.getElementById(id);
let accountMail = false;
let link = null; // what the #token=… link opens, once read

function translate() {
  document.documentElement.lang = lang;
  document.querySelectorAll('[data-t]').forEach(el => { el.textContent = t(el.dataset.t); });
  $('lang').value = lang;
  $('forgot-link').hidden = !accountMail;
  if (link) {
    $('choose-title').textContent = t(link.purpose === 'invite' ? 'choose.invite' : 'choose.reset', { name: link.displayName });
    $('choose-help').textContent = t(link.purpose === 'invite' ? 'choose.inviteHelp' : 'choose.resetHelp', { user: link.username });
  }
}

/** Shows one card: the one the address's fragment names. */
async function route() {
  const token = new URLSearchParams(location.hash.slice(1)).get('token');
  const card = token ? 'choose' : location.hash === '#forgot' && accountMail ? 'forgot' : 'login';
  for (const id of ['login', 'forgot', 'choose']) $(id).hidden = id !== card;
  if (card === 'choose') await openLink(token);
  $(card).querySelector('input')?.focus();
}

async function openLink(token) {
  link = null;
  $('choose-error').hidden = true;
  $('choose-again').hidden = true;
  $('choose-submit').disabled = false;
  try {
    link = { ...(await api('/api/auth/link?token=' + encodeURIComponent(token))), token };
  } catch (e) {
    $('choose-title').textContent = t('choose.reset');
    $('choose-help').textContent = '';
    fail(e.status === 410 ? t('choose.spent') : errorText(e), e.status === 410);
    $('choose-submit').disabled = true;
  }
  translate();
}

/** Says what went wrong with the password form; a spent link offers to ask for a new one. */
function fail(text, spent = false) {
  $('choose-error').textContent = text;
  $('choose-error').hidden = false;
  $('choose-again').hidden = !(spent && accountMail);
}

$('lang').addEventListener('change', e => setLang(e.target.value));
document.addEventListener('langchange', translate);
addEventListener('hashchange', route);

$('login').addEventListener('submit', async e => {
  e.preventDefault();
  const err = $('error');
  err.hidden = true;
  try {
    await api('/api/auth/login', { method: 'POST', body: { username: e.target.username.value, password: e.target.password.value, lang } });
    location.href = '/';
  } catch (x) {
    err.textContent = t(x.status === 429 ? 'login.locked' : 'login.invalid');
    err.hidden = false;
  }
});

$('forgot').addEventListener('submit', async e => {
  e.preventDefault();
  const status = $('forgot-status');
  status.className = '';
  try {
    await api('/api/auth/forgot', { method: 'POST', body: { login: $('forgot-login').value, lang } });
    status.textContent = t('forgot.sent');
  } catch (x) {
    status.textContent = x.status === 429 ? t('login.locked') : errorText(x);
    status.className = 'errbox';
  }
  status.hidden = false;
});

$('choose').addEventListener('submit', async e => {
  e.preventDefault();
  $('choose-error').hidden = true;
  if ($('choose-password').value !== $('choose-confirm').value) return fail(t('choose.mismatch'));
  try {
    await api('/api/auth/link', { method: 'POST', body: { token: link.token, password: $('choose-password').value } });
    // The link is spent: leave it out of the history, so Back does not show a form that can no longer work.
    location.replace('/');
  } catch (x) {
    fail(x.status === 410 ? t('choose.spent') : errorText(x), x.status === 410);
  }
});

try { accountMail = (await api('/api/auth/options')).accountMail; } catch { /* the sign-in form works without it */ }
translate();
await route();
