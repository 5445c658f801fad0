// Snooze: put the open conversation aside until a time (it waits as pending and opens again by itself, or at the
// customer's next message). A menu in the thread's header; the list row and the header say until when.
import { api } from './api.js';
import { h } from './dom.js';
import { add, t, dateTime } from './i18n.js';
import { decorators } from './inbox.js';
import * as hub from './hub.js';

add({
  en: { 'snooze.menu': 'Snooze…', 'snooze.hour': '1 hour', 'snooze.hours': '3 hours', 'snooze.tomorrow': 'Tomorrow 9:00', 'snooze.monday': 'Monday 9:00', 'snooze.until': 'Snoozed until {time}',
    'snooze.opening': 'Next working day ({time})' },
  fr: { 'snooze.menu': 'Mettre en pause…', 'snooze.hour': '1 heure', 'snooze.hours': '3 heures', 'snooze.tomorrow': 'Demain 9 h', 'snooze.monday': 'Lundi 9 h', 'snooze.until': 'En pause jusqu’au {time}',
    'snooze.opening': 'Prochain jour ouvré ({time})' },
});

function at9(daysAhead) {
  const d = new Date();
  d.setDate(d.getDate() + daysAhead);
  d.setHours(9, 0, 0, 0);
  return d.getTime();
}

// The team's next opening after today, from its business hours and holidays (the response-time settings), in the
// team's time zone rather than this browser's; none when the team works around the clock. Asked again each half hour.
let opening = null;
const readOpening = () => api('/api/snooze/next-opening').then(r => { opening = r.until; }).catch(() => {});
readOpening();
setInterval(readOpening, 30 * 60_000);

const choices = () => [
  ['snooze.hour', Date.now() + 3_600_000], ['snooze.hours', Date.now() + 3 * 3_600_000],
  ['snooze.tomorrow', at9(1)], ['snooze.monday', at9(((8 - new Date().getDay()) % 7) || 7)],
  ...(opening > Date.now() ? [['snooze.opening', opening]] : []),
];

let shown = null; // { d, pill }

decorators.thread.push((threadEl, d) => {
  const c = d.conversation;
  const toggle = threadEl.querySelector('#toggle-status');
  if (!toggle || c.status === 'closed') return;
  const pill = h('span', { class: 'status s-pending', id: 'snoozed-until' });
  const menu = h('select', { id: 'snooze', class: 'snooze', 'aria-label': t('snooze.menu'), onchange: async e => {
    const until = Number(e.target.value);
    e.target.value = '';
    if (!until) return;
    try { d.conversation = await api(`/api/conversations/${c.id}/snooze`, { method: 'POST', body: { until } }); showPill(); }
    catch { /* the header keeps the state the server has */ }
  } }, h('option', { value: '' }, t('snooze.menu')), choices().map(([k, until]) => h('option', { value: String(until) }, t(k, { time: dateTime(until) }))));
  toggle.before(pill, menu);
  shown = { d, pill };
  showPill();
});

function showPill() {
  const { d, pill } = shown;
  const until = d.conversation.snoozedUntil;
  pill.hidden = !until;
  pill.textContent = until ? t('snooze.until', { time: dateTime(until) }) : '';
}

decorators.row.push((li, c) => {
  if (c.snoozedUntil) li.querySelector('.conv-tags')?.append(h('span', { class: 'tag' }, '💤 ' + t('snooze.until', { time: dateTime(c.snoozedUntil) })));
});

// Woken by its time, by the customer or by a colleague: inbox.js has put the new row into the open detail.
hub.on('ConversationChanged', c => { if (shown?.pill.isConnected && shown.d.conversation.id === c.id) showPill(); });
