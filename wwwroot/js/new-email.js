// A conversation an agent starts: a first email to a customer (the button over the list, or Shift+N). It goes out
// through the outbox like a reply; the new conversation opens, waiting for the customer (pending), and their answer
// threads into it (Cc and Bcc as a reply has them). A draft that contradicts a reference answer of the team's asks for
// confirmation, as a reply does.
import { api } from './api.js';
import { h, showDialog } from './dom.js';
import { add, t, lang, errorText } from './i18n.js';
import { decorators, open } from './inbox.js';
import { shortcut } from './shortcuts.js';

add({
  en: {
    'ne.open': 'New email', 'ne.title': 'New email to a customer', 'ne.to': 'To (address, or Name <address>)', 'ne.subject': 'Subject',
    'ne.text': 'Message', 'ne.send': 'Send', 'ne.force': 'Send anyway', 'ne.cancel': 'Cancel',
  },
  fr: {
    'ne.open': 'Nouvel e-mail', 'ne.title': 'Nouvel e-mail à un client', 'ne.to': 'À (adresse, ou Nom <adresse>)', 'ne.subject': 'Objet',
    'ne.text': 'Message', 'ne.send': 'Envoyer', 'ne.force': 'Envoyer quand même', 'ne.cancel': 'Annuler',
  },
});

/** Opens the new-email dialog, its To filled when given ("Léa Roux <lea@example.com>": the customers directory's "Write"). */
export function newEmail({ to: prefill = '' } = {}) {
  compose();
  const to = document.getElementById('ne-to');
  if (to && prefill) { to.value = prefill; document.getElementById('ne-subject')?.focus(); }
}

function compose() {
  const field = (id, label, input) => h('label', {}, label, input);
  const to = h('input', { id: 'ne-to', required: true, maxlength: '320', autocomplete: 'off' });
  const cc = h('input', { id: 'ne-cc', autocomplete: 'off', placeholder: t('email.copiesHint') });
  const bcc = h('input', { id: 'ne-bcc', autocomplete: 'off', placeholder: t('email.copiesHint') });
  const copies = h('div', { class: 'ne-copies', id: 'ne-copies', hidden: true }, field('ne-cc', t('email.cc'), cc), field('ne-bcc', t('email.bcc'), bcc));
  const copiesToggle = h('button', { type: 'button', class: 'btn ghost', id: 'ne-copies-toggle', 'aria-controls': 'ne-copies', 'aria-expanded': 'false',
    onclick: () => { copies.hidden = false; copiesToggle.hidden = true; cc.focus(); } }, t('email.copies'));
  const subject = h('input', { id: 'ne-subject', required: true, maxlength: '250' });
  const text = h('textarea', { id: 'ne-text', rows: '8', required: true });
  const note = h('div', { class: 'ne-note', id: 'ne-note', role: 'status' });
  const send = h('button', { class: 'btn primary', id: 'ne-send', type: 'submit' }, t('ne.send'));
  // One request id per message: a second click or a retry gives back the same conversation, never a second mail.
  const clientRef = crypto.randomUUID();
  let confirmed = false;
  const dialog = h('dialog', { id: 'new-email-dialog', class: 'signature-dialog new-email-dialog', 'aria-labelledby': 'ne-title' },
    h('form', { class: 'pw-form', onsubmit: async e => {
      e.preventDefault();
      note.textContent = '';
      note.className = 'ne-note';
      try {
        const r = await api('/api/conversations/email', { method: 'POST', body: { to: to.value, cc: cc.value, bcc: bcc.value, subject: subject.value, text: text.value, clientRef, confirmed } });
        dialog.close();
        await open(r.conversationId);
      } catch (err) {
        if (err.status === 409 && err.data?.needsConfirmation) {
          // The reasons, in the page's language; the next press sends it as written.
          confirmed = true;
          send.textContent = t('ne.force');
          note.append(...((lang === 'fr' ? err.data.reasonsFr : null) ?? err.data.reasons).map(reason => h('p', {}, reason)));
          note.className = 'ne-note draft-guard';
        } else {
          note.textContent = errorText(err);
          note.className = 'ne-note errbox';
        }
      }
    } },
      h('h2', { id: 'ne-title' }, t('ne.title')),
      field('ne-to', t('ne.to'), to), copiesToggle, copies, field('ne-subject', t('ne.subject'), subject), field('ne-text', t('ne.text'), text), note,
      h('div', { class: 'sig-actions' }, send, h('button', { class: 'btn', type: 'button', onclick: () => dialog.close() }, t('ne.cancel')))));
  // A change after a warning is a new draft: it is checked again before it goes.
  text.addEventListener('input', () => { if (confirmed) { confirmed = false; send.textContent = t('ne.send'); } });
  showDialog(dialog);
  to.focus();
}

// On the saved views' row, at its right end (a row of its own where there is no views bar).
decorators.filters.push(filters => {
  const button = h('button', { class: 'btn ghost new-email', id: 'new-email', type: 'button', title: t('ne.open') + ' (Shift+N)', onclick: compose }, '✉ ' + t('ne.open'));
  const row = h('div', { class: 'list-actions' });
  const views = filters.querySelector('#views');
  if (views) { views.before(row); row.append(views, button); } else { filters.prepend(row); row.append(button); }
});

shortcut('N', () => { if (!document.getElementById('new-email')) return false; compose(); });
