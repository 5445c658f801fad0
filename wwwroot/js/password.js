// An agent changes their own password from their own menu (their name in the header): the current one first, then the new one twice. Every other
// session of theirs ends (another browser is sent to the login page); this page and its live connection go on. The
// same menu signs out their other sessions without a new password (a browser left signed in on another machine).
import { api } from './api.js';
import { accountItems } from './app.js';
import { h, showDialog } from './dom.js';
import { add, t, errorText } from './i18n.js';
import * as hub from './hub.js';

add({
  en: {
    'pw.title': 'Change my password', 'pw.current': 'Current password', 'pw.new': 'New password (8 characters or more)',
    'pw.again': 'New password again', 'pw.save': 'Change', 'pw.cancel': 'Cancel', 'pw.mismatch': 'The two new passwords differ.',
    'pw.done': 'Password changed. Your other sessions have ended.',
    'sessions.end': 'Sign out my other sessions', 'sessions.ended': 'Other sessions signed out ✓',
    'mail.title': 'My email address', 'mail.help': 'Where a link to set a new password is sent if you forget yours.', 'mail.address': 'Email address (empty: none)',
    'mail.saved': 'Saved.', 'mail.save': 'Save',
  },
  fr: {
    'pw.title': 'Changer mon mot de passe', 'pw.current': 'Mot de passe actuel', 'pw.new': 'Nouveau mot de passe (8 caractères ou plus)',
    'pw.again': 'Nouveau mot de passe, à nouveau', 'pw.save': 'Changer', 'pw.cancel': 'Annuler', 'pw.mismatch': 'Les deux nouveaux mots de passe diffèrent.',
    'pw.done': 'Mot de passe changé. Vos autres sessions sont terminées.',
    'sessions.end': 'Déconnecter mes autres sessions', 'sessions.ended': 'Autres sessions déconnectées ✓',
    'mail.title': 'Mon adresse e-mail', 'mail.help': 'Là où un lien pour choisir un nouveau mot de passe est envoyé si vous oubliez le vôtre.', 'mail.address': 'Adresse e-mail (vide : aucune)',
    'mail.saved': 'Enregistré.', 'mail.save': 'Enregistrer',
  },
});

function edit() {
  const field = (id, label, autocomplete) => {
    const input = h('input', { id, type: 'password', required: true, autocomplete });
    return [input, h('label', {}, label, input)];
  };
  const [current, currentLabel] = field('pw-current', t('pw.current'), 'current-password');
  const [next, nextLabel] = field('pw-new', t('pw.new'), 'new-password');
  const [again, againLabel] = field('pw-again', t('pw.again'), 'new-password');
  const note = h('p', { class: 'sig-note', id: 'pw-note', role: 'status' });
  const dialog = h('dialog', { id: 'password-dialog', class: 'signature-dialog', 'aria-labelledby': 'password-title' },
    h('form', { class: 'pw-form', onsubmit: async e => {
      e.preventDefault();
      if (next.value !== again.value) { note.textContent = t('pw.mismatch'); return; }
      try {
        await api('/api/auth/me/password', { method: 'POST', body: { current: current.value, password: next.value, connection: hub.connectionId() } });
        note.textContent = t('pw.done');
        for (const input of [current, next, again]) input.value = '';
        setTimeout(() => dialog.close(), 1500);
      } catch (err) { note.textContent = errorText(err); }
    } },
      h('h2', { id: 'password-title' }, t('pw.title')), currentLabel, nextLabel, againLabel, note,
      h('div', { class: 'sig-actions' },
        h('button', { class: 'btn primary', id: 'pw-save', type: 'submit' }, t('pw.save')),
        h('button', { class: 'btn', type: 'button', onclick: () => dialog.close() }, t('pw.cancel')))));
  showDialog(dialog);
  current.focus();
}

accountItems.push(() => h('button', { class: 'btn ghost', id: 'password-open', type: 'button', role: 'menuitem', onclick: edit }, t('pw.title')));
accountItems.push(() => {
  const button = h('button', { class: 'btn ghost', id: 'sessions-end', type: 'button', role: 'menuitem', onclick: async () => {
    try {
      await api('/api/auth/me/sessions/end', { method: 'POST', body: { connection: hub.connectionId() } });
      button.textContent = t('sessions.ended');
    } catch (err) { button.textContent = errorText(err); }
  } }, t('sessions.end'));
  return button;
});

// The agent's own address, for a forgotten password's link: changing it asks for the password (whoever controls the
// address can set a new one).
async function editEmail() {
  const address = h('input', { id: 'mail-address', type: 'email', maxlength: '254', autocomplete: 'email' });
  const current = h('input', { id: 'mail-current', type: 'password', required: true, autocomplete: 'current-password' });
  const note = h('p', { class: 'sig-note', id: 'mail-note', role: 'status' });
  const dialog = h('dialog', { id: 'email-dialog', class: 'signature-dialog', 'aria-labelledby': 'mail-title' },
    h('form', { class: 'pw-form', onsubmit: async e => {
      e.preventDefault();
      try {
        const r = await api('/api/auth/me/email', { method: 'PUT', body: { email: address.value, current: current.value } });
        address.value = r.email || '';
        current.value = '';
        note.textContent = t('mail.saved');
        setTimeout(() => dialog.close(), 1200);
      } catch (err) { note.textContent = errorText(err); }
    } },
      h('h2', { id: 'mail-title' }, t('mail.title')), h('p', { class: 'muted' }, t('mail.help')),
      h('label', {}, t('mail.address'), address), h('label', {}, t('pw.current'), current), note,
      h('div', { class: 'sig-actions' },
        h('button', { class: 'btn primary', id: 'mail-save', type: 'submit' }, t('mail.save')),
        h('button', { class: 'btn', type: 'button', onclick: () => dialog.close() }, t('pw.cancel')))));
  showDialog(dialog);
  address.focus();
  // The address on file fills the field unless the agent has already typed one (the answer may come after their typing).
  let typed = false;
  address.addEventListener('input', () => { typed = true; }, { once: true });
  const onFile = (await api('/api/auth/me/email').catch(() => ({}))).email || '';
  if (!typed) address.value = onFile;
}

accountItems.push(() => h('button', { class: 'btn ghost', id: 'email-open', type: 'button', role: 'menuitem', onclick: editEmail }, t('mail.title')));
