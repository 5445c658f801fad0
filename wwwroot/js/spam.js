// Spam: the thread's "Spam" button (or `!`) puts a conversation out of the inbox into the Spam list (the status menu's
// last choice), closed and kept, optionally blocking its customer so that their next conversations go there too. In a
// conversation marked as spam, "Not spam" brings it back and lifts the block; the side panel says when a customer is
// blocked, with "Unblock".
import { api } from './api.js';
import { h } from './dom.js';
import { t, add, age, errorText } from './i18n.js';
import { decorators, open } from './inbox.js';
import { shortcut } from './shortcuts.js';

add({
  en: {
    'spam.button': 'Spam', 'spam.title': 'Mark as spam?', 'spam.explain': 'It leaves the inbox for the Spam list, closed. Nothing is deleted.',
    'spam.block': 'Also block {name}: their new conversations go to Spam', 'spam.confirm': 'Mark as spam', 'spam.cancel': 'Cancel',
    'spam.marked': 'Spam (marked {age} ago)', 'spam.markedNow': 'Spam (marked just now)', 'spam.not': 'Not spam',
    'spam.blocked': 'Blocked: their new conversations go to Spam.', 'spam.unblock': 'Unblock',
  },
  fr: {
    'spam.button': 'Indésirable', 'spam.title': 'Marquer comme indésirable ?', 'spam.explain': 'Elle quitte la boîte pour la liste Indésirables, fermée. Rien n’est supprimé.',
    'spam.block': 'Bloquer aussi {name} : ses nouvelles conversations iront dans Indésirables', 'spam.confirm': 'Marquer comme indésirable', 'spam.cancel': 'Annuler',
    'spam.marked': 'Indésirable (marquée il y a {age})', 'spam.markedNow': 'Indésirable (marquée à l’instant)', 'spam.not': 'Pas indésirable',
    'spam.blocked': 'Bloqué : ses nouvelles conversations vont dans Indésirables.', 'spam.unblock': 'Débloquer',
  },
});

let dialog = null;

function ask(d) {
  const c = d.conversation;
  dialog?.remove();
  const block = h('input', { type: 'checkbox', id: 'spam-block' });
  const note = h('p', { class: 'errbox', id: 'spam-error', hidden: true });
  dialog = h('dialog', { id: 'spam-dialog', class: 'spam-dialog', 'aria-labelledby': 'spam-title' },
    h('form', { method: 'dialog', onsubmit: async e => {
      if (e.submitter?.value !== 'mark') return; // Cancel closes the dialog
      e.preventDefault();
      try {
        await api(`/api/conversations/${c.id}/spam`, { method: 'POST', body: { block: block.checked } });
        dialog.close();
        open(c.id); // drawn again, marked
      } catch (err) { note.hidden = false; note.textContent = errorText(err); }
    } },
      h('h2', { id: 'spam-title' }, t('spam.title')),
      h('p', {}, t('spam.explain')),
      h('label', { class: 'toggle' }, block, ' ', t('spam.block', { name: d.customer.displayName })),
      note,
      h('div', { class: 'dialog-actions' },
        h('button', { class: 'btn danger', id: 'spam-confirm', value: 'mark' }, t('spam.confirm')),
        h('button', { class: 'btn', id: 'spam-cancel', value: 'cancel' }, t('spam.cancel')))));
  document.body.append(dialog);
  dialog.showModal();
  dialog.querySelector('#spam-confirm').focus();
}

decorators.thread.push((threadEl, d) => {
  const c = d.conversation;
  const toggle = threadEl.querySelector('#toggle-status');
  if (!toggle) return;
  if (!c.spamAt) {
    toggle.after(h('button', { class: 'btn ghost', id: 'spam-button', type: 'button', title: t('spam.button') + ' (!)', onclick: () => ask(d) }, t('spam.button')));
    return;
  }
  const ago = Date.now() - c.spamAt < 60_000 ? t('spam.markedNow') : t('spam.marked', { age: age(c.spamAt) });
  threadEl.querySelector('.thread-head')?.after(h('div', { class: 'spam-banner', id: 'spam-banner', role: 'status' },
    h('span', {}, ago),
    h('button', { class: 'btn', id: 'not-spam', type: 'button', onclick: () => undo(`/api/conversations/${c.id}/spam`, c.id) }, t('spam.not'))));
});

decorators.side.push((sideEl, d) => {
  if (!d.customer.blockedAt) return;
  sideEl.querySelector('.cust-name')?.after(h('p', { class: 'blocked', id: 'blocked' }, t('spam.blocked'), ' ',
    h('button', { class: 'btn ghost', id: 'unblock', type: 'button', onclick: () => undo(`/api/customers/${d.customer.id}/block`, d.conversation.id) }, t('spam.unblock'))));
});

// "Not spam" and "Unblock": the thread is drawn again as the server has it; a refusal is said, in the page's language.
async function undo(path, conversationId) {
  try { await api(path, { method: 'DELETE' }); open(conversationId); }
  catch (err) { alert(errorText(err)); }
}

shortcut('!', () => { const button = document.getElementById('spam-button'); if (!button) return false; button.click(); });
