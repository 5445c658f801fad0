// Desktop notifications, for an agent who works in other windows: a customer writing in a conversation assigned to
// them, or a colleague naming them in a note, while the inbox is not in front; and, for an agent who says so (someone
// on watch), every new conversation nobody has taken. Off until the agent turns them on (their menu; the browser asks
// for permission then); kept per browser. A click brings the inbox back on that
// conversation. One notification per conversation at a time: a newer one replaces it.
import { accountItems, me } from './app.js';
import { h } from './dom.js';
import { add, t } from './i18n.js';
import * as hub from './hub.js';

add({
  en: {
    'notify.on': 'Desktop notifications: on', 'notify.off': 'Desktop notifications: off', 'notify.denied': 'Desktop notifications: blocked by the browser',
    'notify.message': 'New message from {who}', 'notify.mention': '{who} mentioned you',
    'notify.newOn': 'Also new conversations nobody has: yes', 'notify.newOff': 'Also new conversations nobody has: no', 'notify.new': 'New conversation from {who}',
  },
  fr: {
    'notify.on': 'Notifications du bureau : activées', 'notify.off': 'Notifications du bureau : désactivées', 'notify.denied': 'Notifications du bureau : bloquées par le navigateur',
    'notify.message': 'Nouveau message de {who}', 'notify.mention': '{who} vous a mentionné',
    'notify.newOn': 'Aussi les nouvelles conversations sans agent : oui', 'notify.newOff': 'Aussi les nouvelles conversations sans agent : non', 'notify.new': 'Nouvelle conversation de {who}',
  },
});

const key = 'inbox.notify';
const supported = 'Notification' in window;
const wanted = () => supported && localStorage.getItem(key) === '1' && Notification.permission === 'granted';
const label = () => !supported || Notification.permission === 'denied' ? t('notify.denied') : t(wanted() ? 'notify.on' : 'notify.off');

accountItems.push(() => {
  const button = h('button', { class: 'btn ghost', id: 'notify-toggle', type: 'button', role: 'menuitemcheckbox', 'aria-checked': String(wanted()),
    disabled: !supported || Notification.permission === 'denied', onclick: async () => {
      if (wanted()) localStorage.setItem(key, '0');
      else if ((await Notification.requestPermission()) === 'granted') localStorage.setItem(key, '1');
      button.textContent = label();
      button.setAttribute('aria-checked', String(wanted()));
      document.dispatchEvent(new Event('notifychange'));
    } }, label());
  return button;
});

// Every new conversation nobody has, for an agent on watch: a second choice, offered once notifications are on.
const newKey = 'inbox.notify.new';
const wantedNew = () => wanted() && localStorage.getItem(newKey) === '1';
accountItems.push(() => {
  const button = h('button', { class: 'btn ghost', id: 'notify-new', type: 'button', role: 'menuitemcheckbox', 'aria-checked': String(wantedNew()),
    hidden: !wanted(), onclick: () => {
      localStorage.setItem(newKey, wantedNew() ? '0' : '1');
      button.textContent = t(wantedNew() ? 'notify.newOn' : 'notify.newOff');
      button.setAttribute('aria-checked', String(wantedNew()));
    } }, t(wantedNew() ? 'notify.newOn' : 'notify.newOff'));
  document.addEventListener('notifychange', () => { button.hidden = !wanted(); }); // shown with the first choice
  return button;
});

// Only while the inbox is not what the agent is looking at: in front, the list and the @ badge say it already.
const away = () => document.hidden || !document.hasFocus();

function show(title, body, conversationId) {
  if (!wanted() || !away()) return;
  const n = new Notification(title, { body: (body || '').slice(0, 140), tag: `conversation-${conversationId}`, lang: document.documentElement.lang });
  n.onclick = () => { window.focus(); location.hash = `#/inbox/${conversationId}`; n.close(); };
}

// A customer wrote in one of the agent's conversations: an intake batch says which messages arrived, then gives their
// conversations' rows (with the assignee and the preview).
const arrived = new Set();
hub.on('MessageArrived', m => { if (m.direction === 'in') arrived.add(m.conversationId); });
hub.on('ConversationChanged', c => {
  if (!arrived.delete(c.id)) return;
  if (c.assignedAgentId === me.id) show(t('notify.message', { who: c.customerName }), c.preview, c.id);
  else if (!c.assignedAgentId && c.messageCount === 1 && !c.isAutomated && wantedNew()) show(t('notify.new', { who: c.customerName }), c.preview, c.id);
});

hub.on('Mentioned', m => show(t('notify.mention', { who: m.authorName || '' }), m.text, m.conversationId));
