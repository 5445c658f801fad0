// Collision control in the open conversation: who else is viewing it, who is typing, who owns it, and the
// "seen" marker sent with each reply so the server can hold a reply written against an outdated thread.
import { api } from './api.js';
import { h, clear } from './dom.js';
import { t, add } from './i18n.js';
import * as hub from './hub.js';
import { decorators } from './inbox.js';
import { me } from './app.js';

add({
  en: {
    'col.viewing': 'Also viewing: {names}', 'col.typing': '{names} typing…', 'col.assigned': 'Assigned to {name}',
    'col.unassigned': 'Unassigned', 'col.assignMe': 'Assign to me', 'col.assignTo': 'Assign to…', 'col.unassign': 'Unassign',
    'col.stale': 'The conversation changed since you read it ({n} new message(s)). Read them, then send anyway if your reply still fits.',
    'col.assignFailed': 'Cannot assign: {reason}',
  },
  fr: {
    'col.viewing': 'Consulte aussi : {names}', 'col.typing': '{names} écrit…', 'col.assigned': 'Assignée à {name}',
    'col.unassigned': 'Non assignée', 'col.assignMe': "M'assigner", 'col.assignTo': 'Assigner à…', 'col.unassign': 'Désassigner',
    'col.stale': 'La conversation a changé depuis votre lecture ({n} nouveau(x) message(s)). Lisez-les, puis envoyez quand même si votre réponse convient toujours.',
    'col.assignFailed': 'Assignation impossible : {reason}',
  },
});

const TYPING_SHOWN_MS = 4000;
const TYPING_SEND_MS = 1500;
let current = null, detail = null, seen = 0, bar = null, assignees = null;
const viewers = new Map();            // conversation id -> [{ agentId, name }]
const typing = new Map();             // conversation id -> Map(agentId -> { name, until })
const sentRefs = new Set();           // clientRefs of this page's replies

const maxId = messages => messages.reduce((m, x) => Math.max(m, x.id), 0);

decorators.thread.push((threadEl, d) => {
  // A new detail object means the agent (re)opened the conversation: that is what they have seen. Messages
  // pushed live into the same detail do not move the marker, so the server can still hold a stale reply.
  if (d !== detail) { detail = d; current = d.conversation.id; seen = maxId(d.messages); }
  bar = h('div', { class: 'collision', id: 'collision' });
  threadEl.querySelector('.thread-head')?.after(bar);
  render();
});

decorators.compose.push((box, c, ta) => {
  let last = 0;
  ta.addEventListener('input', () => {
    const now = Date.now();
    if (now - last > TYPING_SEND_MS) { last = now; hub.invoke('Typing', c.id); }
  });
});

decorators.send.push((body, c) => {
  if (c.id === current) body.seenMessageId = seen;
  sentRefs.add(body.clientRef);
});

decorators.held.push((box, data) => {
  if (!data.stale) return;
  const first = box.querySelector('li');
  if (first) first.textContent = t('col.stale', { n: (data.newerMessageIds || []).length });
});

hub.on('Presence', p => { viewers.set(p.conversationId, p.viewers); if (p.conversationId === current) render(); });
hub.on('Typing', x => {
  if (!typing.has(x.conversationId)) typing.set(x.conversationId, new Map());
  typing.get(x.conversationId).set(x.agentId, { name: x.name, until: Date.now() + TYPING_SHOWN_MS });
  if (x.conversationId === current) { render(); setTimeout(render, TYPING_SHOWN_MS + 50); }
});
hub.on('Assigned', a => {
  if (detail && detail.conversation.id === a.conversationId) {
    detail.conversation = { ...detail.conversation, assignedAgentId: a.agentId, assignedAgentName: a.agentName };
    render();
  }
});
hub.on('MessageAdded', m => {
  // Our own reply was accepted: everything before it was either already seen or confirmed.
  if (m.conversationId === current && m.clientRef && sentRefs.has(m.clientRef)) seen = Math.max(seen, m.id);
});

function render() {
  if (!bar || !bar.isConnected || !detail) return;
  const conv = detail.conversation;
  const others = (viewers.get(conv.id) || []).filter(v => v.agentId !== me.id).map(v => v.name);
  const now = Date.now();
  const typers = [...(typing.get(conv.id) || new Map()).entries()].filter(([id, x]) => id !== me.id && x.until > now).map(([, x]) => x.name);
  const mine = conv.assignedAgentId === me.id;
  clear(bar).append(
    h('span', { class: 'presence', id: 'presence' }, others.length ? t('col.viewing', { names: others.join(', ') }) : ''),
    h('span', { class: 'typing', id: 'typing', 'aria-live': 'polite' }, typers.length ? t('col.typing', { names: typers.join(', ') }) : ''),
    h('span', { class: 'assignment' },
      h('span', { id: 'assignee' }, conv.assignedAgentId ? t('col.assigned', { name: conv.assignedAgentName || '' }) : t('col.unassigned')), ' ',
      mine ? null : h('button', { class: 'btn ghost', id: 'assign-me', type: 'button', onclick: () => assign(conv.id, me.id) }, t('col.assignMe')),
      picker(conv)));
}

function picker(conv) {
  const select = h('select', { id: 'assign-to', 'aria-label': t('col.assignTo'), onchange: e => {
    if (e.target.value === '') return;
    assign(conv.id, e.target.value === 'none' ? null : Number(e.target.value));
  } }, h('option', { value: '' }, t('col.assignTo')),
    conv.assignedAgentId ? h('option', { value: 'none' }, t('col.unassign')) : null,
    (assignees || []).filter(a => a.id !== conv.assignedAgentId).map(a => h('option', { value: String(a.id) }, a.displayName)));
  if (!assignees) api('/api/assignees').then(list => { assignees = list; render(); }).catch(() => {});
  return select;
}

async function assign(conversationId, agentId) {
  try { await api(`/api/conversations/${conversationId}/assignee`, { method: 'POST', body: { agentId } }); }
  catch (e) { bar?.append(h('span', { class: 'errbox' }, t('col.assignFailed', { reason: e.message }))); }
}
