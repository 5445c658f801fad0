// Priority: low, normal, high or urgent, set in the thread's header (by anyone) or by a rule as a conversation arrives.
// High and urgent rows say so, and the list's order "Priority first" puts urgent on top (then the response due soonest).
import { api } from './api.js';
import { h } from './dom.js';
import { t, add, errorText } from './i18n.js';
import { decorators } from './inbox.js';
import * as hub from './hub.js';

add({
  en: { 'prio.label': 'Priority', 'prio.0': 'Low', 'prio.1': 'Normal', 'prio.2': 'High', 'prio.3': 'Urgent', 'prio.failed': 'Priority not changed: {reason}' },
  fr: { 'prio.label': 'Priorité', 'prio.0': 'Basse', 'prio.1': 'Normale', 'prio.2': 'Haute', 'prio.3': 'Urgente', 'prio.failed': 'Priorité inchangée : {reason}' },
});

export const names = ['low', 'normal', 'high', 'urgent'];

decorators.row.push((li, c) => {
  if ((c.priority ?? 1) < 2) return;
  li.querySelector('.conv-tags')?.prepend(h('span', { class: 'tag prio prio-' + names[c.priority] }, t('prio.' + c.priority)));
});

let current = null; // the open conversation's id

decorators.thread.push((threadEl, d) => {
  const toggle = threadEl.querySelector('#toggle-status');
  if (!toggle) return;
  const c = d.conversation;
  current = c.id;
  const select = h('select', { id: 'priority', class: 'priority prio-' + names[c.priority ?? 1], 'aria-label': t('prio.label'), title: t('prio.label'),
    onchange: async () => {
      try {
        d.conversation = await api(`/api/conversations/${c.id}/priority`, { method: 'POST', body: { priority: names[Number(select.value)] } });
        select.className = 'priority prio-' + names[d.conversation.priority];
      } catch (err) {
        select.value = String(d.conversation.priority ?? 1);
        alert(t('prio.failed', { reason: errorText(err) }));
      }
    } }, [3, 2, 1, 0].map(p => h('option', { value: String(p), selected: (c.priority ?? 1) === p }, t('prio.' + p))));
  toggle.before(select);
});

// A colleague (or a rule) changed it while the conversation is open: the header follows.
hub.on('ConversationChanged', c => {
  const select = document.getElementById('priority');
  if (select?.isConnected && c.id === current) {
    select.value = String(c.priority ?? 1);
    select.className = 'priority prio-' + names[c.priority ?? 1];
  }
});
