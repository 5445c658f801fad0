// The conversation's history in its thread: who assigned it, closed or reopened it, snoozed it, tagged it, and when,
// as quiet lines between the messages (read from the audit log, the record of what agents did).
import { api } from './api.js';
import { h } from './dom.js';
import { add, t, dateTime } from './i18n.js';
import { decorators } from './inbox.js';
import * as hub from './hub.js';

add({
  en: {
    'hist.assign': '{who} assigned it to {to}', 'hist.auto': 'Given to {to} automatically', 'hist.unassign': '{who} unassigned it', 'hist.closed': '{who} closed it',
    'hist.open': '{who} reopened it', 'hist.pending': '{who} set it pending', 'hist.snooze': '{who} snoozed it until {time}',
    'hist.tags': '{who} tagged it: {tags}', 'hist.untag': '{who} removed its tags', 'hist.private': '{who} went on in a private conversation',
    'hist.split': '{who} took it out of its duplicates', 'hist.forced': '{who} sent a reply despite a consistency warning', 'hist.someone': 'Someone',
    'hist.reopened': 'Reopened: the customer wrote again', 'hist.woke': 'The snooze ran out: open again',
    'hist.spam': '{who} marked it as spam', 'hist.not_spam': '{who} took it out of spam',
    'hist.rule': 'Rule “{rule}”', 'hist.priority': '{who} set its priority to {p}',
  },
  fr: {
    'hist.assign': '{who} l’a assignée à {to}', 'hist.auto': 'Attribuée automatiquement à {to}', 'hist.unassign': '{who} l’a désassignée', 'hist.closed': '{who} l’a fermée',
    'hist.open': '{who} l’a rouverte', 'hist.pending': '{who} l’a mise en attente', 'hist.snooze': '{who} l’a mise en pause jusqu’au {time}',
    'hist.tags': '{who} l’a étiquetée : {tags}', 'hist.untag': '{who} a retiré ses étiquettes', 'hist.private': '{who} a poursuivi en conversation privée',
    'hist.split': '{who} l’a retirée de ses doublons', 'hist.forced': '{who} a envoyé une réponse malgré un avertissement de cohérence', 'hist.someone': 'Quelqu’un',
    'hist.reopened': 'Rouverte : le client a écrit à nouveau', 'hist.woke': 'Fin de la pause : de nouveau ouverte',
    'hist.spam': '{who} l’a marquée comme indésirable', 'hist.not_spam': '{who} l’a sortie des indésirables',
    'hist.rule': 'La règle « {rule} »', 'hist.priority': '{who} a mis sa priorité à {p}',
  },
});

function text(e) {
  const who = e.rule ? t('hist.rule', { rule: e.rule }) : e.agentName || t('hist.someone');
  switch (e.action) {
    case 'assign': return e.auto ? t('hist.auto', { to: e.to }) : e.to ? t('hist.assign', { who, to: e.to }) : t('hist.unassign', { who });
    case 'status': return t('hist.' + (e.status === 'closed' ? 'closed' : e.status === 'pending' ? 'pending' : 'open'), { who });
    case 'snooze': return t('hist.snooze', { who, time: e.until ? dateTime(e.until) : '' });
    case 'priority': return t('hist.priority', { who, p: t('prio.' + ['low', 'normal', 'high', 'urgent'].indexOf(e.priority)).toLowerCase() });
    case 'tags': return e.tags?.length ? t('hist.tags', { who, tags: e.tags.join(', ') }) : t('hist.untag', { who });
    default: return t('hist.' + e.action, { who });
  }
}

let shown = null; // { id, list, messages }
// The history changes only with what it records (status, assignee, snooze, tags, a reply sent): the events last read are
// kept with that state, and a redraw of the thread for another reason (a customer's message) does not read them again.
let known = null; // { id, state, events }
const stateOf = c => [c.status, c.spamAt, c.priority, c.assignedAgentId, c.snoozedUntil, (c.tags || []).join(','), c.lastOutboundAt, c.clusterId].join('|');

decorators.thread.push((threadEl, d) => {
  const list = threadEl.querySelector('#messages');
  if (!list) return;
  shown = { id: d.conversation.id, list, messages: d.messages };
  if (known?.id === shown.id && known.state === stateOf(d.conversation)) draw(shown, known.events);
  else read(shown, stateOf(d.conversation));
});

async function read(s, state) {
  let events;
  try { events = await api(`/api/conversations/${s.id}/history`); } catch { return; }
  known = { id: s.id, state, events };
  if (shown !== s || !s.list.isConnected) return;
  draw(s, events);
}

function draw(s, events) {
  s.list.querySelectorAll('.msg-event').forEach(el => el.remove());
  // Each event goes before the first message sent after it (the thread is in the order the messages were sent).
  const items = [...s.list.querySelectorAll(':scope > .msg')];
  for (const e of events) {
    const i = s.messages.findIndex(m => m.sentAt > e.at);
    const line = h('li', { class: 'msg-event', dataset: { action: e.action } }, text(e), ' · ', h('time', { title: dateTime(e.at) }, dateTime(e.at)));
    if (i >= 0 && items[i]) items[i].before(line); else s.list.append(line);
  }
}

// Changed by anyone while open (closed, assigned, tagged): its history is read again, a moment later, when what it
// records has changed.
let again = 0;
hub.on('ConversationChanged', c => {
  if (shown?.id !== c.id || (known?.id === c.id && known.state === stateOf(c))) return;
  clearTimeout(again);
  again = setTimeout(() => { if (shown?.id === c.id) read(shown, stateOf(c)); }, 300);
});
