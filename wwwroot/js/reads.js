// Read and unread, per agent: a row is unread (a dot, in bold) when its customer has written since this agent last had
// the conversation open. Opening it marks it read, as does a customer message arriving while it is open; `u` (or the
// header's button) marks it unread again, to come back to it, and it stays so until it is opened again.
import { api } from './api.js';
import { h } from './dom.js';
import { add, t } from './i18n.js';
import { decorators, listFilters, load } from './inbox.js';
import * as hub from './hub.js';
import { shortcut } from './shortcuts.js';

add({
  en: { 'read.unread': 'Unread', 'read.markUnread': 'Mark unread (u)', 'read.markRead': 'Mark read (u)', 'read.only': 'Unread only' },
  fr: { 'read.unread': 'Non lu', 'read.markUnread': 'Marquer non lu (u)', 'read.markRead': 'Marquer lu (u)', 'read.only': 'Non lues seulement' },
});

// What this agent has seen of each conversation: the customer's last message time when it was read. The list brings
// the marks (seenInboundAt); pushes to everyone carry none, so the marks are kept here between loads.
const seen = new Map();
let current = null; // the open conversation's row
let keptUnread = null; // marked unread while open: not read again until reopened

const unread = c => c.status !== 'closed' && c.lastInboundAt != null && c.lastInboundAt > (seen.get(c.id) ?? 0);

// The open conversation's row in the list, redrawn here at once (the list redraws it too at its next change).
function showRow() {
  const li = current && document.querySelector(`.conv[data-id="${current.id}"]`);
  if (!li) return;
  li.classList.toggle('unread', unread(current));
  li.querySelector('.unread-dot')?.remove();
  if (unread(current)) li.querySelector('.who')?.before(dot());
}

const dot = () => h('span', { class: 'unread-dot', title: t('read.unread'), 'aria-label': t('read.unread') });

// Read only while the agent can see it: not in a background tab, nor once the inbox view has gone.
async function markRead(c) {
  if (keptUnread === c.id || !unread(c) || document.visibilityState === 'hidden' || !document.getElementById('toggle-read')) return;
  seen.set(c.id, c.lastInboundAt); // at once (the row loses its dot now); the server keeps its own value
  showRow();
  try { seen.set(c.id, (await api(`/api/conversations/${c.id}/read`, { method: 'POST' })).seenInboundAt); } catch { /* read again next time */ }
}

async function toggle() {
  const c = current;
  if (!c) return false;
  if (unread(c)) { keptUnread = null; await markRead(c); }
  else {
    keptUnread = c.id;
    seen.delete(c.id);
    try { await api(`/api/conversations/${c.id}/read`, { method: 'DELETE' }); } catch { /* the list reloads the server's marks */ }
  }
  showRow();
  drawButton();
}

function drawButton() {
  const button = document.getElementById('toggle-read');
  if (!button || !current) return;
  button.textContent = unread(current) ? t('read.markRead') : t('read.markUnread');
}

decorators.row.push((li, c) => {
  if (c.seenInboundAt !== undefined) seen.set(c.id, c.seenInboundAt);
  if (!unread(c)) return;
  li.classList.add('unread');
  li.querySelector('.who')?.before(dot());
});

decorators.thread.push((threadEl, d) => {
  if (current?.id !== d.conversation.id) keptUnread = null; // another conversation opened: the choice was for that one
  current = d.conversation;
  const toggleStatus = threadEl.querySelector('#toggle-status');
  toggleStatus?.before(h('button', { class: 'btn ghost', id: 'toggle-read', type: 'button', onclick: toggle }));
  markRead(current).then(drawButton);
  drawButton();
});

document.addEventListener('visibilitychange', () => { if (current) markRead(current).then(drawButton); });

// A customer message arriving in the open conversation is read as it shows.
hub.on('ConversationChanged', c => {
  if (current?.id !== c.id) return;
  current = c;
  markRead(c).then(drawButton);
  drawButton();
});

// "Unread only": the server lists what is unread for this agent; the conversation open stays listed once read.
let onlyUnread = localStorage.getItem('inbox.unread') === '1';
function keepUnread(on) {
  onlyUnread = on;
  localStorage.setItem('inbox.unread', on ? '1' : '0');
}
listFilters.push({
  query: q => { if (onlyUnread) q.set('unread', 'true'); },
  restore: q => keepUnread(q.get('unread') === 'true'),
  match: c => !onlyUnread || unread(c) || c.id === current?.id,
});
decorators.filters.push(filters => {
  filters.append(h('label', { class: 'toggle' }, h('input', { type: 'checkbox', id: 'f-unread', checked: onlyUnread, onchange: e => {
    keepUnread(e.target.checked);
    load();
  } }), ' ', t('read.only')));
});

// Read or marked unread in another tab of this agent (pushed to all of them): this one follows. Its own doing comes
// back too, with the mark it already has, and changes nothing.
hub.on('ReadChanged', m => {
  const known = seen.has(m.conversationId) ? seen.get(m.conversationId) : null;
  if (known === (m.seenInboundAt ?? null)) return;
  if (m.seenInboundAt == null) seen.delete(m.conversationId); else seen.set(m.conversationId, m.seenInboundAt);
  if (current?.id === m.conversationId) {
    keptUnread = m.seenInboundAt == null ? current.id : null;
    showRow();
    drawButton();
  }
  load(); // the rows drawn again with the marks ("Unread only" included)
});

shortcut('u', () => { if (!document.getElementById('toggle-read')) return false; toggle(); });
