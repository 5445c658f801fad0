// Single-key shortcuts of the features (s, n…), and `?`, which lists every shortcut in a dialog (Esc closes it).
import { h, clear } from './dom.js';
import { add, t } from './i18n.js';

add({
  en: {
    'keys.title': 'Keyboard shortcuts', 'keys.move': 'Next / previous conversation', 'keys.open': 'Open the selected conversation',
    'keys.search': 'Search', 'keys.reply': 'Write a reply', 'keys.saved': 'Insert a saved reply', 'keys.note': 'Write an internal note',
    'keys.send': 'Send the reply / add the note', 'keys.leave': 'Leave a field, close a list', 'keys.help': 'This list',
    'keys.assign': 'Assign the conversation to me', 'keys.close': 'Close / reopen the conversation', 'keys.pick': 'Select the conversation (several at once)',
    'keys.unread': 'Mark the conversation unread / read', 'keys.sendClose': 'Send the reply and close the conversation',
    'keys.view': 'Open saved view 1 to 9', 'keys.newEmail': 'Write a new email to a customer', 'keys.customers': 'The customers directory', 'keys.spam': 'Mark the conversation as spam',
  },
  fr: {
    'keys.title': 'Raccourcis clavier', 'keys.move': 'Conversation suivante / précédente', 'keys.open': 'Ouvrir la conversation choisie',
    'keys.search': 'Rechercher', 'keys.reply': 'Écrire une réponse', 'keys.saved': 'Insérer une réponse enregistrée', 'keys.note': 'Écrire une note interne',
    'keys.send': 'Envoyer la réponse / ajouter la note', 'keys.leave': 'Quitter un champ, fermer une liste', 'keys.help': 'Cette liste',
    'keys.assign': 'M’assigner la conversation', 'keys.close': 'Fermer / rouvrir la conversation', 'keys.pick': 'Sélectionner la conversation (plusieurs à la fois)',
    'keys.unread': 'Marquer la conversation non lue / lue', 'keys.sendClose': 'Envoyer la réponse et fermer la conversation',
    'keys.view': 'Ouvrir la vue enregistrée 1 à 9', 'keys.newEmail': 'Écrire un nouvel e-mail à un client', 'keys.customers': 'L’annuaire des clients', 'keys.spam': 'Marquer la conversation comme indésirable',
  },
});

const keys = [
  [['j', 'k'], 'keys.move'], [['Enter'], 'keys.open'], [['/'], 'keys.search'], [['r'], 'keys.reply'], [['s'], 'keys.saved'],
  [['n'], 'keys.note'], [['a'], 'keys.assign'], [['e'], 'keys.close'], [['x'], 'keys.pick'], [['u'], 'keys.unread'], [['!'], 'keys.spam'], [['1–9'], 'keys.view'], [['Shift', 'N'], 'keys.newEmail'], [['Shift', 'C'], 'keys.customers'], [['Ctrl', 'Enter'], 'keys.send'], [['Ctrl', 'Shift', 'Enter'], 'keys.sendClose'], [['Esc'], 'keys.leave'], [['?'], 'keys.help'],
];

let dialog = null;

function show() {
  if (!dialog) {
    dialog = h('dialog', { id: 'shortcuts', class: 'shortcuts', 'aria-labelledby': 'shortcuts-title' });
    document.body.append(dialog);
  }
  // Drawn each time: the page's language may have changed since.
  clear(dialog).append(
    h('h2', { id: 'shortcuts-title' }, t('keys.title')),
    h('table', {}, keys.map(([combo, label]) => h('tr', {},
      h('td', {}, combo.map((k, i) => [i > 0 ? (['Ctrl', 'Shift'].includes(combo[0]) ? ' + ' : ' / ') : null, h('kbd', {}, k)])),
      h('td', {}, t(label))))),
    h('form', { method: 'dialog' }, h('button', { class: 'btn', id: 'shortcuts-close' }, 'OK')));
  dialog.showModal();
}

/**
 * Runs action on a key pressed outside text fields and without Ctrl/Alt/Meta (typed in a field, it is a character).
 * The key is taken (not typed further) when action returns anything but false.
 */
export function shortcut(key, action) {
  document.addEventListener('keydown', e => {
    if (e.key !== key || e.ctrlKey || e.metaKey || e.altKey) return;
    if (['INPUT', 'TEXTAREA', 'SELECT'].includes(document.activeElement?.tagName) || dialog?.open) return;
    if (action() !== false) e.preventDefault();
  });
}

shortcut('?', show);
// The open conversation's own buttons: a key does what the click does, and nothing when the button is not there.
for (const [key, id] of [['a', 'assign-me'], ['e', 'toggle-status']])
  shortcut(key, () => { const button = document.getElementById(id); if (!button) return false; button.click(); });
