// Away or available: an agent online who is not taking new conversations (a meeting, the end of the day) says so in
// their menu; automatic assignment passes them by. The name in the header shows a dot: green available, grey away.
import { api } from './api.js';
import { accountItems, me } from './app.js';
import { h } from './dom.js';
import { add, t } from './i18n.js';

add({
  en: { 'away.available': 'Available: given new conversations', 'away.away': 'Away: given no new conversation', 'away.help': 'Automatic assignment gives new conversations only to agents available' },
  fr: { 'away.available': 'Disponible : reçoit de nouvelles conversations', 'away.away': 'Absent : ne reçoit pas de nouvelle conversation', 'away.help': 'L’attribution automatique ne confie de nouvelles conversations qu’aux agents disponibles' },
});

const show = () => document.getElementById('account')?.classList.toggle('away', !!me.away);

accountItems.push(() => {
  queueMicrotask(show); // the menu is in the page once the header is drawn
  const button = h('button', { class: 'btn ghost', id: 'away-toggle', type: 'button', role: 'menuitemcheckbox', 'aria-checked': String(!me.away), title: t('away.help'),
    onclick: async () => {
      const r = await api('/api/auth/me/away', { method: 'PUT', body: { away: !me.away } }).catch(() => null);
      if (!r) return;
      me.away = r.away;
      button.textContent = t(me.away ? 'away.away' : 'away.available');
      button.setAttribute('aria-checked', String(!me.away));
      show();
    } }, t(me.away ? 'away.away' : 'away.available'));
  return button;
});
