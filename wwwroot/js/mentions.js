// Mentions: a colleague's note that names this agent (@username). The header's @ button counts the unseen ones, live
// (Mentioned is pushed to the agent's own connections); it lists them, and a click opens the conversation and marks
// the mention seen.
import { api } from './api.js';
import { userItems } from './app.js';
import { h, clear } from './dom.js';
import { add, t, dateTime } from './i18n.js';
import * as hub from './hub.js';
import { withMentions } from './notes.js';

add({
  en: { 'ment.open': 'Mentions', 'ment.none': 'Nobody has mentioned you yet.', 'ment.in': '{who} in “{what}”', 'ment.help': 'Notes that name you (@you)' },
  fr: { 'ment.open': 'Mentions', 'ment.none': 'Personne ne vous a encore mentionné.', 'ment.in': '{who} dans « {what} »', 'ment.help': 'Les notes qui vous nomment (@vous)' },
});

let mentions = null; // newest first, read once, then kept current by Mentioned
let panel = null;

async function load() {
  if (!mentions) mentions = await api('/api/mentions');
  return mentions;
}

function unseen() { return (mentions || []).filter(m => m.seenAt == null).length; }

function drawCount() {
  const badge = document.getElementById('mentions-count');
  if (!badge) return;
  badge.textContent = unseen() ? String(unseen()) : '';
  badge.hidden = !unseen();
}

async function toggle() {
  if (panel) { panel.remove(); panel = null; return; }
  await load().catch(() => []);
  panel = h('div', { class: 'mentions-panel', id: 'mentions-panel', role: 'dialog', 'aria-label': t('ment.help') });
  document.getElementById('mentions-open')?.after(panel);
  draw();
}

function draw() {
  if (!panel) return;
  clear(panel).append(h('h4', {}, t('ment.help')));
  if (!mentions.length) { panel.append(h('p', { class: 'muted' }, t('ment.none'))); return; }
  panel.append(h('ul', {}, mentions.map(m => h('li', { class: 'mention-item' + (m.seenAt == null ? ' unseen' : ''), dataset: { id: m.id },
    onclick: () => openMention(m) },
    h('div', { class: 'mention-meta' }, t('ment.in', { who: m.authorName || '', what: m.subject || m.customerName }), ' · ', h('time', {}, dateTime(m.createdAt))),
    h('div', { class: 'mention-text' }, withMentions(m.text))))));
}

async function openMention(m) {
  panel?.remove();
  panel = null;
  location.hash = `#/inbox/${m.conversationId}`;
  if (m.seenAt != null) return;
  m.seenAt = Date.now();
  drawCount();
  await api(`/api/mentions/${m.id}/seen`, { method: 'POST' }).catch(() => {});
}

userItems.push(() => {
  const button = h('button', { class: 'btn ghost', id: 'mentions-open', type: 'button', title: t('ment.help'), onclick: toggle },
    '@ ', h('span', { class: 'mentions-count', id: 'mentions-count', hidden: true }));
  load().then(drawCount).catch(() => {});
  return h('span', { class: 'mentions' }, button);
});

hub.on('Mentioned', m => {
  if (mentions && !mentions.some(x => x.id === m.id)) mentions.unshift(m);
  else if (!mentions) { load().then(drawCount); return; }
  drawCount();
  draw();
});
document.addEventListener('hubreconnected', () => { mentions = null; load().then(() => { drawCount(); draw(); }).catch(() => {}); });
document.addEventListener('keydown', e => { if (e.key === 'Escape' && panel) { panel.remove(); panel = null; } });
