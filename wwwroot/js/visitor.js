// A web chat's visitor, in their conversation's header: on the chat page now, or since when they left — whether an
// answer will be read at once or when they come back.
import { api } from './api.js';
import { h } from './dom.js';
import { t, add, age } from './i18n.js';
import { decorators } from './inbox.js';
import * as hub from './hub.js';

add({
  en: { 'visitor.online': 'On the chat page now', 'visitor.left': 'Left the chat page {age} ago', 'visitor.justLeft': 'Just left the chat page', 'visitor.away': 'Not on the chat page' },
  fr: { 'visitor.online': 'Sur la page de chat en ce moment', 'visitor.left': 'A quitté la page de chat il y a {age}', 'visitor.justLeft': 'Vient de quitter la page de chat', 'visitor.away': 'Pas sur la page de chat' },
});

let shown = null; // { id, presence }

function draw() {
  const el = document.getElementById('visitor-presence');
  if (!el || !shown?.presence) return;
  const p = shown.presence;
  el.className = 'visitor-presence' + (p.online ? ' online' : '');
  el.textContent = p.online ? t('visitor.online')
    : p.leftAt ? (Date.now() - p.leftAt < 60_000 ? t('visitor.justLeft') : t('visitor.left', { age: age(p.leftAt) }))
    : t('visitor.away');
}

decorators.thread.push((threadEl, d) => {
  const c = d.conversation;
  if (c.channel !== 'webchat') { shown = null; return; }
  threadEl.querySelector('.thread-head h2')?.after(h('span', { id: 'visitor-presence', class: 'visitor-presence', role: 'status' }));
  if (shown?.id === c.id) { draw(); return; }
  shown = { id: c.id, presence: null };
  api(`/api/conversations/${c.id}/visitor`).then(p => { if (shown?.id === c.id) { shown.presence = p; draw(); } }).catch(() => {});
});

hub.on('VisitorPresence', p => {
  if (shown?.id !== p.conversationId) return;
  shown.presence = p;
  draw();
});
