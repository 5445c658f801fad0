// Drafts: what the agent types in a reply box is saved on the server as they pause, so that it is there again after
// opening another conversation, a reload, or on another computer; the rows with one say "Draft". Sending ends it (the
// server does, with the reply). Colleagues who open the conversation see who has an unsent draft there, not its words.
import { api } from './api.js';
import { h } from './dom.js';
import { t, add, age } from './i18n.js';
import * as hub from './hub.js';
import { decorators } from './inbox.js';
import { me } from './app.js';

add({
  en: { 'draft.mark': 'Draft', 'draft.saved': 'Draft saved', 'draft.failed': 'Draft not saved', 'draft.others': 'Unsent reply in progress: {names}' },
  fr: { 'draft.mark': 'Brouillon', 'draft.saved': 'Brouillon enregistré', 'draft.failed': 'Brouillon non enregistré', 'draft.others': 'Réponse en cours, pas encore envoyée : {names}' },
});

const SAVE_AFTER_MS = 800;
const mine = new Map();   // conversation id -> the text as the server keeps it
let loaded = null;        // the first read of the agent's drafts
let detail = null;        // the open conversation's detail, as the inbox drew it
let holders = [];         // who has a draft in the open conversation
const pending = new Map(); // conversation id -> { timer, ta, seen }

const newest = d => d.messages.reduce((m, x) => Math.max(m, x.id), 0);

function loadMine() {
  loaded ??= api('/api/drafts').then(list => {
    mine.clear();
    for (const d of list) mine.set(d.conversationId, d.text);
    markRows();
  }).catch(() => { loaded = null; });
  return loaded;
}
document.addEventListener('listloaded', () => loadMine());
document.addEventListener('hubreconnected', () => { loaded = null; loadMine(); });

const mark = () => h('span', { class: 'tag draft-mark' }, t('draft.mark'));
decorators.row.push((li, c) => { if (mine.has(c.id)) li.querySelector('.conv-tags')?.append(mark()); });
function markRows() {
  for (const li of document.querySelectorAll('.conv[data-id]')) {
    const has = mine.has(Number(li.dataset.id)), shown = li.querySelector('.draft-mark');
    if (has && !shown) li.querySelector('.conv-tags')?.append(mark());
    if (!has && shown) shown.remove();
  }
}

function showState(key) {
  const el = document.getElementById('draft-state');
  if (el) el.textContent = key ? t(key) : '';
}

async function save(id, leaving = false) {
  const p = pending.get(id);
  if (!p) return;
  pending.delete(id);
  clearTimeout(p.timer);
  const text = p.ta.value;
  if (text === (mine.get(id) ?? '') || (!text.trim() && !mine.has(id))) return;
  try {
    const kept = await api(`/api/conversations/${id}/draft`, { method: 'PUT', body: { text, seenMessageId: p.seen }, keepalive: leaving && text.length < 60000 });
    if (kept) mine.set(id, kept.text); else mine.delete(id);
    if (kept && detail?.conversation.id === id) showState('draft.saved');
  } catch (e) {
    if (e.status === 409) mine.delete(id); // a reply went since it was typed: it was that reply
    else if (detail?.conversation.id === id) showState('draft.failed');
  }
  markRows();
}

// Each box saves its own conversation's text after a pause in the typing; leaving the conversation or the page saves at once.
decorators.compose.push((box, c, ta) => {
  // Under the character count, in one small column: the compose bar's buttons keep their room.
  const counter = box.querySelector('.counter');
  if (counter) {
    const meta = h('span', { class: 'compose-meta' });
    counter.replaceWith(meta);
    meta.append(counter, h('span', { class: 'draft-state', id: 'draft-state', 'aria-live': 'polite' }));
  }
  ta.addEventListener('input', () => {
    if (ta.dataset.restoring) return;
    const p = pending.get(c.id);
    clearTimeout(p?.timer);
    pending.set(c.id, { ta, seen: detail?.conversation.id === c.id ? newest(detail) : null, timer: setTimeout(() => save(c.id), SAVE_AFTER_MS) });
  });
});
// keepalive lets the request outlive the page (up to 64 KB of body, the browsers' limit).
window.addEventListener('pagehide', () => { for (const id of [...pending.keys()]) save(id, true); });

decorators.thread.push(async (threadEl, d) => {
  const reopened = d !== detail; // a new read of the conversation, not the same one drawn again for a new message
  if (reopened && detail) for (const id of [...pending.keys()]) if (id !== d.conversation.id) save(id);
  detail = d;
  threadEl.querySelector('.thread-head')?.after(h('div', { class: 'draft-holders', id: 'draft-holders', hidden: true }));
  drawHolders();
  if (!reopened) return;
  holders = [];
  const id = d.conversation.id;
  api(`/api/conversations/${id}/drafts`).then(list => { if (detail?.conversation.id === id) { holders = list; drawHolders(); } }).catch(() => {});
  await loadMine();
  const ta = document.getElementById('reply');
  if (!ta || detail !== d || ta.value || !mine.has(id)) return;
  // The draft comes back into the box as if typed (the counter, the length limit and the draft guard follow), without saving it again.
  ta.value = mine.get(id);
  ta.dataset.restoring = '1';
  ta.dispatchEvent(new Event('input', { bubbles: true }));
  delete ta.dataset.restoring;
  showState('draft.saved');
});

// Sent: the server ended the draft with the reply.
decorators.sent.push(c => { mine.delete(c.id); markRows(); showState(''); });

function drawHolders() {
  const el = document.getElementById('draft-holders');
  if (!el) return;
  const others = holders.filter(x => x.agentId !== me.id);
  el.hidden = others.length === 0;
  el.textContent = others.length ? t('draft.others', { names: others.map(x => `${x.agentName} (${age(x.updatedAt)})`).join(', ') }) : '';
}

hub.on('DraftSaved', d => {
  if (d.text) mine.set(d.conversationId, d.text); else mine.delete(d.conversationId);
  markRows();
});
hub.on('DraftsChanged', x => {
  if (detail?.conversation.id !== x.conversationId) return;
  holders = x.holders;
  drawHolders();
});
