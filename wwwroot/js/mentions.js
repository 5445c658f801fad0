// Mentions: a colleague's note that names this agent (@username). The header's @ button counts the unseen ones, live
// (Mentioned is pushed to the agent's own connections); it lists them, and a click opens the conversation and marks
// the mention seen.
import { api } from './api.js';
import { userItems } from './app.js';
import { h, clear } from './dom.js';
import { add, t, dateTime, fold } from './i18n.js';
import * as hub from './hub.js';
import { decorators } from './inbox.js';
import { withMentions } from './notes.js';

add({
  en: { 'ment.none': 'Nobody has mentioned you yet.', 'ment.in': '{who} in “{what}”', 'ment.help': 'Notes that name you (@you)' },
  fr: { 'ment.none': 'Personne ne vous a encore mentionné.', 'ment.in': '{who} dans « {what} »', 'ment.help': 'Les notes qui vous nomment (@vous)' },
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

// ---- @ completion in the note box: "@be" offers Ben Martin (ben); ↑/↓ choose, Enter or Tab insert "@ben ", Esc closes.

let team = null; // [{ username, displayName }], read once

decorators.side.push(sideEl => {
  const box = sideEl.querySelector('#note');
  if (!box) return;
  const list = h('ul', { class: 'mention-suggest', id: 'mention-suggest', role: 'listbox', hidden: true });
  box.after(list);
  let shown = [], at = 0, fragment = null;

  const close = () => { list.hidden = true; shown = []; fragment = null; };
  const draw = () => {
    clear(list);
    shown.forEach((a, i) => list.append(h('li', { role: 'option', class: i === at ? 'on' : '', 'aria-selected': i === at ? 'true' : 'false',
      onmousedown: e => { e.preventDefault(); at = i; insert(); } }, h('strong', {}, '@' + a.username), ' ', a.displayName)));
    list.hidden = shown.length === 0;
  };
  // The "@…" being typed just before the caret, if any (the same start rule as the server's).
  const typed = () => /(?:^|[^\p{L}\p{N}._@-])@([A-Za-z0-9._-]*)$/u.exec(box.value.slice(0, box.selectionStart))?.[1];
  function insert() {
    const a = shown[at];
    if (!a || fragment == null) return;
    const end = box.selectionStart, start = end - fragment.length - 1;
    box.value = box.value.slice(0, start) + '@' + a.username + ' ' + box.value.slice(end);
    box.selectionStart = box.selectionEnd = start + a.username.length + 2;
    box.dispatchEvent(new Event('input', { bubbles: true })); // the note's draft follows
    close();
  }

  box.addEventListener('input', async () => {
    const f = typed();
    if (f == null) { close(); return; }
    try { team ??= await api('/api/mentions/agents'); } catch { return; }
    if (typed() !== f) return; // typed on meanwhile
    fragment = f;
    const q = fold(f);
    shown = team.filter(a => a.username.startsWith(q) || fold(a.displayName).split(/\s+/).some(w => w.startsWith(q))).slice(0, 6);
    at = 0;
    draw();
  });
  box.addEventListener('keydown', e => {
    if (list.hidden) return;
    if (e.key === 'ArrowDown') { e.preventDefault(); at = Math.min(shown.length - 1, at + 1); draw(); }
    else if (e.key === 'ArrowUp') { e.preventDefault(); at = Math.max(0, at - 1); draw(); }
    else if ((e.key === 'Enter' && !e.ctrlKey && !e.metaKey) || e.key === 'Tab') { e.preventDefault(); insert(); }
    else if (e.key === 'Escape') { e.preventDefault(); e.stopPropagation(); close(); }
  });
  box.addEventListener('blur', () => setTimeout(close, 150));
});
