// "Send and close": the answer that settles a request goes out and the conversation closes in one step (the button
// beside Send, or Ctrl+Shift+Enter in the reply). The close waits for the reply to be accepted: a reply held for
// confirmation (a contradiction, a newer message) closes once the agent sends it anyway, and not if they do not.
import { api } from './api.js';
import { h } from './dom.js';
import { add, t } from './i18n.js';
import { decorators } from './inbox.js';

add({
  en: { 'sc.button': 'Send and close', 'sc.help': 'Send the reply, then close the conversation (Ctrl+Shift+Enter)' },
  fr: { 'sc.button': 'Envoyer et fermer', 'sc.help': 'Envoyer la réponse, puis fermer la conversation (Ctrl+Maj+Entrée)' },
});

let closeAfter = null; // the conversation to close once its reply is accepted

decorators.compose.push((box, c, ta) => {
  if (c.status === 'closed') return;
  const send = box.querySelector('#send');
  if (!send) return;
  // Send alone (its button or Ctrl+Enter) means: do not close.
  box.addEventListener('submit', () => { closeAfter = null; });
  ta.addEventListener('keydown', e => {
    if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) closeAfter = e.shiftKey ? c.id : null;
  });
  send.before(h('button', { class: 'btn', id: 'send-close', type: 'button', title: t('sc.help'), onclick: () => {
    box.requestSubmit(send);
    closeAfter = c.id; // after the submit, which clears it for a plain Send
  } }, t('sc.button')));
});

decorators.sent.push(async c => {
  if (closeAfter !== c.id) return;
  closeAfter = null;
  await api(`/api/conversations/${c.id}/status`, { method: 'POST', body: { status: 'closed' } }).catch(() => {});
});
