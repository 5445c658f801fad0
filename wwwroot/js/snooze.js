// Snooze: put the open conversation aside until a time (it waits as pending and opens again by itself, or at the
// customer's next message). A menu in the thread's header, with a date and time of the agent's own choosing beside
// its five choices; the list row and the header say until when.
import { api } from './api.js';
import { h } from './dom.js';
import { add, t, dateTime, errorText } from './i18n.js';
import { decorators } from './inbox.js';
import * as hub from './hub.js';

add({
  en: { 'snooze.menu': 'Snooze…', 'snooze.hour': '1 hour', 'snooze.hours': '3 hours', 'snooze.tomorrow': 'Tomorrow 9:00', 'snooze.monday': 'Monday 9:00', 'snooze.until': 'Snoozed until {time}',
    'snooze.opening': 'Next working day ({time})', 'snooze.pick': 'Pick a date and time…', 'snooze.set': 'Snooze', 'snooze.at': 'Snooze until' },
  fr: { 'snooze.menu': 'Mettre en pause…', 'snooze.hour': '1 heure', 'snooze.hours': '3 heures', 'snooze.tomorrow': 'Demain 9 h', 'snooze.monday': 'Lundi 9 h', 'snooze.until': 'En pause jusqu’au {time}',
    'snooze.opening': 'Prochain jour ouvré ({time})', 'snooze.pick': 'Choisir la date et l’heure…', 'snooze.set': 'Mettre en pause', 'snooze.at': 'En pause jusqu’au' },
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
  const snooze = async until => {
    d.conversation = await api(`/api/conversations/${c.id}/snooze`, { method: 'POST', body: { until } });
    showPill();
  };
  // A time of one's own: the browser's date and time picker, in this browser's time zone (the server refuses the past
  // and more than 90 days ahead, and says so).
  const at = h('input', { type: 'datetime-local', id: 'snooze-at', 'aria-label': t('snooze.at'), required: true });
  const note = h('span', { class: 'snooze-note', id: 'snooze-note', role: 'status' });
  const form = h('form', { class: 'snooze-form', id: 'snooze-form', hidden: true, onsubmit: async e => {
    e.preventDefault();
    try { await snooze(new Date(at.value).getTime()); form.hidden = true; menu.hidden = false; }
    catch (err) { note.textContent = errorText(err); }
  }, onkeydown: e => { if (e.key === 'Escape') { e.stopPropagation(); form.hidden = true; menu.hidden = false; menu.focus(); } } },
    at, h('button', { class: 'btn', id: 'snooze-set', type: 'submit' }, t('snooze.set')), note);
  const menu = h('select', { id: 'snooze', class: 'snooze', 'aria-label': t('snooze.menu'), onchange: async e => {
    const value = e.target.value;
    e.target.value = '';
    if (value === 'pick') {
      const local = ms => { const x = new Date(ms); x.setMinutes(x.getMinutes() - x.getTimezoneOffset()); return x.toISOString().slice(0, 16); };
      at.min = local(Date.now());
      at.max = local(Date.now() + 90 * 86_400_000);
      at.value = local(at9(1));
      note.textContent = '';
      menu.hidden = true;
      form.hidden = false;
      at.focus();
      return;
    }
    if (!Number(value)) return;
    try { await snooze(Number(value)); }
    catch { /* the header keeps the state the server has */ }
  } }, h('option', { value: '' }, t('snooze.menu')), choices().map(([k, until]) => h('option', { value: String(until) }, t(k, { time: dateTime(until) }))),
    h('option', { value: 'pick' }, t('snooze.pick')));
  toggle.before(pill, menu, form);
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
