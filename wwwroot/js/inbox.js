// The agent inbox: conversation list (all channels), the open conversation, the customer panel, the reply box.
import { api } from './api.js';
import { h, clear, channelBadge, channelLabel } from './dom.js';
import { t, add, age, dateTime, lang, errorText, fold } from './i18n.js';
import * as hub from './hub.js';
import { me } from './app.js';

add({
  en: {
    'inbox.search': 'Search name, subject, text…  ( / )', 'inbox.all': 'All', 'inbox.empty': 'No conversation yet.',
    'inbox.pick': 'Select a conversation (j/k to move, Enter to open, ? for every shortcut).', 'inbox.group': 'Group by customer',
    'inbox.other': 'Other conversations of this customer', 'inbox.none': 'None',
    'inbox.identities': 'Known identities', 'inbox.reply': 'Reply…  (r to focus, Ctrl+Enter to send)', 'inbox.send': 'Send',
    'inbox.sending': 'Sending…', 'inbox.unanswered': '{n} unanswered', 'inbox.status.open': 'Open', 'inbox.status.pending': 'Pending',
    'inbox.status.closed': 'Closed', 'inbox.status.spam': 'Spam', 'inbox.close': 'Close', 'inbox.reopen': 'Reopen', 'inbox.confirm': 'Send anyway',
    'inbox.needsConfirm': 'Check before sending:', 'inbox.refused': 'Cannot send: {reason}', 'inbox.redacted': 'Content withdrawn ({reason})',
    'msg.received': 'received', 'msg.queued': 'queued', 'msg.sending': 'sending', 'msg.sent': 'sent', 'msg.delivered': 'delivered',
    'msg.read': 'read', 'msg.failed': 'failed', 'inbox.newmsgs': 'conversations', 'inbox.automated': 'Show automated mail',
    'inbox.attachment': 'Attachment', 'inbox.attachmentFailed': 'could not be fetched from the platform', 'inbox.customer': 'Customer', 'inbox.chars': '{n} characters',
    'inbox.everyone': 'All conversations', 'inbox.mine': 'Assigned to me', 'inbox.nobody': 'Unassigned', 'inbox.anyStatus': 'Any status',
    'sort.newest': 'Newest first', 'sort.oldest': 'Oldest first', 'sort.due': 'Response due soonest', 'sort.priority': 'Priority first', 'sort.label': 'Order',
  },
  fr: {
    'inbox.search': 'Rechercher nom, sujet, texte…  ( / )', 'inbox.all': 'Tous', 'inbox.empty': 'Aucune conversation.',
    'inbox.pick': 'Choisissez une conversation (j/k pour naviguer, Entrée pour ouvrir, ? pour tous les raccourcis).', 'inbox.group': 'Grouper par client',
    'inbox.other': 'Autres conversations de ce client', 'inbox.none': 'Aucune',
    'inbox.identities': 'Identités connues', 'inbox.reply': 'Répondre…  (r pour écrire, Ctrl+Entrée pour envoyer)', 'inbox.send': 'Envoyer',
    'inbox.sending': 'Envoi…', 'inbox.unanswered': '{n} sans réponse', 'inbox.status.open': 'Ouverte', 'inbox.status.pending': 'En attente',
    'inbox.status.closed': 'Fermée', 'inbox.status.spam': 'Indésirables', 'inbox.close': 'Fermer', 'inbox.reopen': 'Rouvrir', 'inbox.confirm': 'Envoyer quand même',
    'inbox.needsConfirm': 'À vérifier avant envoi :', 'inbox.refused': 'Envoi impossible : {reason}', 'inbox.redacted': 'Contenu retiré ({reason})',
    'msg.received': 'reçu', 'msg.queued': 'en file', 'msg.sending': 'envoi', 'msg.sent': 'envoyé', 'msg.delivered': 'distribué',
    'msg.read': 'lu', 'msg.failed': 'échec', 'inbox.newmsgs': 'conversations', 'inbox.automated': 'Afficher les mails automatiques',
    'inbox.attachment': 'Pièce jointe', 'inbox.attachmentFailed': 'n’a pas pu être récupérée auprès de la plateforme', 'inbox.customer': 'Client', 'inbox.chars': '{n} caractères',
    'inbox.everyone': 'Toutes les conversations', 'inbox.mine': 'Assignées à moi', 'inbox.nobody': 'Non assignées', 'inbox.anyStatus': 'Tous les statuts',
    'sort.newest': 'Plus récentes d’abord', 'sort.oldest': 'Plus anciennes d’abord', 'sort.due': 'Réponse due au plus tôt', 'sort.priority': 'Priorité d’abord', 'sort.label': 'Ordre',
  },
});

// Whose and which conversations the list shows are kept across reloads: an agent works one queue all day.
const saved = JSON.parse(localStorage.getItem('inbox.queue') || '{}');
const state = { list: [], selected: null, detail: null, loading: null, early: [], channel: '', search: '', group: false, automated: false,
  assigned: saved.assigned || '', status: saved.status || '', sort: saved.sort || 'newest' };
let root, listEl, threadEl, sideEl;

/** Features (duplicates, timers, consistency) decorate rows and panels through these hooks.
 *  send(body, conversation) may add fields to a reply before it is posted; held(warnbox, data) may reword a 409. */
export const decorators = { row: [], thread: [], side: [], compose: [], send: [], sent: [], held: [], filters: [], message: [] };
/** List filters of features (tags): query(params) narrows the list request, match(c) says whether a live update belongs,
 *  restore(params) takes the filter's value from a saved view's query. */
export const listFilters = [];

export function mount(el) {
  root = el;
  clear(root).append(
    h('section', { class: 'list-pane' },
      h('div', { class: 'filters' },
        h('input', { id: 'search', type: 'search', placeholder: t('inbox.search'), value: state.search,
          oninput: e => { state.search = e.target.value; debounceLoad(); } }),
        h('div', { class: 'chips', role: 'toolbar' },
          ['', 'email', 'messenger', 'instagram', 'whatsapp', 'x', 'webchat'].map(c =>
            h('button', { class: 'chip' + (state.channel === c ? ' on' : ''), 'data-channel': c,
              onclick: () => { state.channel = c; mount(root); load(); } }, c ? channelLabel[c] : t('inbox.all')))),
        h('div', { class: 'queue' },
          h('select', { id: 'f-assigned', 'aria-label': t('inbox.everyone'), onchange: e => { state.assigned = e.target.value; keepQueue(); load(); } },
            [['', 'inbox.everyone'], ['me', 'inbox.mine'], ['none', 'inbox.nobody']].map(([v, k]) => h('option', { value: v, selected: state.assigned === v }, t(k)))),
          h('select', { id: 'f-status', 'aria-label': t('inbox.anyStatus'), onchange: e => { state.status = e.target.value; keepQueue(); load(); } },
            [['', 'inbox.anyStatus'], ['open', 'inbox.status.open'], ['pending', 'inbox.status.pending'], ['closed', 'inbox.status.closed'], ['spam', 'inbox.status.spam']]
              .map(([v, k]) => h('option', { value: v, selected: state.status === v }, t(k)))),
          h('select', { id: 'f-sort', 'aria-label': t('sort.label'), onchange: e => { state.sort = e.target.value; keepQueue(); load(); } },
            ['newest', 'oldest', 'due', 'priority'].map(v => h('option', { value: v, selected: state.sort === v }, t('sort.' + v))))),
        h('label', { class: 'toggle' }, h('input', { type: 'checkbox', checked: state.group, onchange: e => { state.group = e.target.checked; renderList(); } }), ' ', t('inbox.group')),
        h('label', { class: 'toggle' }, h('input', { type: 'checkbox', checked: state.automated, onchange: e => { state.automated = e.target.checked; load(); } }), ' ', t('inbox.automated'))),
      listEl = h('ul', { class: 'conv-list', id: 'conv-list', role: 'listbox', tabindex: '0' })),
    threadEl = h('section', { class: 'thread-pane', id: 'thread' }),
    sideEl = h('aside', { class: 'side-pane', id: 'side' }));
  for (const f of decorators.filters) f(root.querySelector('.filters'));
  renderList();
  renderThread();
}

function keepQueue() { localStorage.setItem('inbox.queue', JSON.stringify({ assigned: state.assigned, status: state.status, sort: state.sort })); }

// The list's order, as the server sorts it, for the rows that change live.
const orders = {
  newest: (a, b) => b.lastMessageAt - a.lastMessageAt,
  oldest: (a, b) => a.lastMessageAt - b.lastMessageAt || a.id - b.id,
  due: (a, b) => (a.timerDueAt ?? Infinity) - (b.timerDueAt ?? Infinity) || b.lastMessageAt - a.lastMessageAt,
  priority: (a, b) => (b.priority ?? 1) - (a.priority ?? 1) || orders.due(a, b),
};

let loadTimer;
function debounceLoad() { clearTimeout(loadTimer); loadTimer = setTimeout(load, 200); }

// The list holds the newest conversations, as many as one load brings; older ones are a search or a filter away.
const LIST_LIMIT = 300;

/** The list's filters as a query string, the page's and each feature's: what the list asks for and a saved view keeps. */
export function filterQuery() {
  const q = new URLSearchParams();
  if (state.channel) q.set('channel', state.channel);
  if (state.status) q.set('status', state.status);
  if (state.assigned) q.set('assigned', state.assigned);
  for (const f of listFilters) f.query(q);
  if (state.automated) q.set('automated', 'true');
  if (state.search) q.set('search', state.search);
  if (state.sort !== 'newest') q.set('sort', state.sort);
  return q;
}

/** Sets every filter from a query (a saved view's), leaving out what it does not name, and lists again. */
export function applyFilters(q) {
  state.channel = q.get('channel') || '';
  state.status = q.get('status') || '';
  state.assigned = q.get('assigned') || '';
  state.automated = q.get('automated') === 'true';
  state.search = q.get('search') || '';
  state.sort = q.get('sort') || 'newest';
  for (const f of listFilters) f.restore?.(q);
  keepQueue();
  mount(root);
  return load();
}

export async function load() {
  const q = filterQuery();
  q.set('limit', String(LIST_LIMIT));
  state.list = await api('/api/conversations?' + q);
  renderList();
  document.dispatchEvent(new Event('listloaded')); // saved views show which one the filters now are
}

// listed: the row is in the list already, so the server matched it (perhaps through a message's words, which the page
// does not have): a change keeps it there unless a filter the page can check says otherwise.
function matches(c, listed = false) {
  if (state.channel && c.channel !== state.channel) return false;
  // Spam is a list of its own: every other list leaves it out.
  if (state.status === 'spam' ? !c.spamAt : c.spamAt) return false;
  if (state.status && state.status !== 'spam' && c.status !== state.status) return false;
  if (state.assigned === 'me' && c.assignedAgentId !== me.id) return false;
  if (state.assigned === 'none' && c.assignedAgentId != null) return false;
  if (!listFilters.every(f => f.match(c))) return false;
  if (!state.automated && c.isAutomated) return false;
  if (state.search && !listed) {
    const s = state.search.toLowerCase();
    return [c.customerName, c.subject, c.preview, c.handle].some(v => v && v.toLowerCase().includes(s));
  }
  return true;
}

function renderList() {
  if (!listEl) return;
  clear(listEl);
  if (state.list.length === 0) { listEl.append(h('li', { class: 'empty' }, t('inbox.empty'))); return; }
  let rows = state.list;
  if (state.group) {
    const byCustomer = new Map();
    for (const c of rows) { if (!byCustomer.has(c.customerId)) byCustomer.set(c.customerId, []); byCustomer.get(c.customerId).push(c); }
    rows = [...byCustomer.values()].flat();
  }
  let lastCustomer = null;
  for (const c of rows) {
    if (state.group && c.customerId !== lastCustomer) listEl.append(h('li', { class: 'group-head' }, c.customerName));
    lastCustomer = c.customerId;
    listEl.append(row(c));
  }
}

function row(c) {
  const li = h('li', {
    class: 'conv' + (state.selected === c.id ? ' selected' : '') + (c.unanswered > 0 ? ' unanswered' : '') + (c.status === 'closed' ? ' closed' : ''),
    role: 'option', 'aria-selected': state.selected === c.id ? 'true' : 'false', dataset: { id: c.id },
    onclick: () => open(c.id),
  },
    h('div', { class: 'conv-top' }, channelBadge(c.channel, c.isPublic), h('span', { class: 'who' }, c.customerName),
      h('time', { class: 'age', datetime: new Date(c.lastMessageAt).toISOString(), title: dateTime(c.lastMessageAt), dataset: { ts: c.lastMessageAt } }, age(c.lastMessageAt))),
    c.subject ? h('div', { class: 'subject' }, c.subject) : null,
    h('div', { class: 'preview' }, c.preview || ''),
    h('div', { class: 'conv-tags' }, c.unanswered > 0 ? h('span', { class: 'tag warn' }, t('inbox.unanswered', { n: c.unanswered })) : null));
  for (const d of decorators.row) d(li, c);
  return li;
}

export async function open(id) {
  if (state.selected && state.selected !== id) hub.invoke('CloseConversation', state.selected);
  state.selected = id;
  state.loading = id;
  state.early = [];
  renderList();
  // Join the conversation's group before reading it: a message committed after the read is then pushed to us, and
  // one pushed while the read is on its way is kept in state.early and merged below.
  await hub.invoke('OpenConversation', id).catch(() => {}); // offline: the thread still opens; reconnecting reopens it
  let detail;
  try { detail = await api(`/api/conversations/${id}`); }
  finally { if (state.loading === id) state.loading = null; }
  if (state.selected !== id) return; // another conversation was opened meanwhile
  for (const m of state.early) if (!detail.messages.some(x => x.id === m.id)) detail.messages.push(m);
  detail.messages.sort((a, b) => a.sentAt - b.sentAt || a.id - b.id);
  state.early = [];
  state.detail = detail;
  renderThread();
  history.replaceState(null, '', `#/inbox/${id}`);
}

function renderThread() {
  if (!threadEl) return;
  clear(threadEl); clear(sideEl);
  const d = state.detail;
  if (!d) { threadEl.append(h('p', { class: 'placeholder' }, t('inbox.pick'))); return; }
  const c = d.conversation;
  threadEl.append(
    h('header', { class: 'thread-head' },
      channelBadge(c.channel, c.isPublic), h('h2', {}, c.subject || c.customerName),
      h('span', { class: 'status s-' + c.status, id: 'conv-status' }, t('inbox.status.' + c.status)),
      h('button', { class: 'btn ghost', id: 'toggle-status', onclick: () => {
        const now = d.conversation; // the status as last pushed, not as first drawn
        setStatus(now.id, now.status === 'closed' ? 'open' : 'closed');
      } }, c.status === 'closed' ? t('inbox.reopen') : t('inbox.close'))),
    h('ol', { class: 'messages', id: 'messages' }, d.messages.map(message)),
    compose(c));
  for (const f of decorators.thread) f(threadEl, d);
  const m = threadEl.querySelector('.messages');
  m.scrollTop = m.scrollHeight;

  sideEl.append(
    h('h3', {}, t('inbox.customer')), h('p', { class: 'cust-name' }, d.customer.displayName),
    h('h4', {}, t('inbox.identities')),
    h('ul', { class: 'idents' }, d.customer.identities.map(i =>
      h('li', {}, channelBadge(i.channel), ' ', i.handle ? '@' + i.handle : (i.email || (i.phone ? '+' + i.phone : i.displayName || i.externalId))))),
    h('h4', {}, t('inbox.other')),
    d.otherConversations.length === 0 ? h('p', { class: 'muted' }, t('inbox.none')) :
      h('ul', { class: 'others' }, d.otherConversations.map(o => h('li', { onclick: () => open(o.id) },
        channelBadge(o.channel, o.isPublic), ' ', h('span', {}, o.subject || o.preview || ''), ' ', h('span', { class: 'muted' }, age(o.lastMessageAt))))));
  for (const f of decorators.side) f(sideEl, d);
}

// The words searched for, marked where they start a word in a message of the open thread (as the search found them:
// case and accents aside), so that "4471" is seen at once in a long thread.
function highlight(text, search) {
  const words = (search || '').match(/[\p{L}\p{N}]+/gu)?.map(w => [...fold(w)]) ?? [];
  if (!words.length || !text) return text;
  // Folded one character at a time, so that a position in the folded text is the same in the text.
  const chars = [...text];
  const folded = chars.map(ch => [...fold(ch)][0] ?? ch);
  const parts = [];
  let at = 0, plain = 0;
  while (at < chars.length) {
    const startsWord = at === 0 || !/[\p{L}\p{N}]/u.test(chars[at - 1]);
    const word = startsWord && words.find(w => w.every((c, k) => folded[at + k] === c));
    if (!word) { at++; continue; }
    let end = at + word.length;
    while (end < chars.length && /[\p{L}\p{N}]/u.test(chars[end])) end++; // the rest of the word it starts
    if (at > plain) parts.push(chars.slice(plain, at).join(''));
    parts.push(h('mark', {}, chars.slice(at, end).join('')));
    at = plain = end;
  }
  if (plain < chars.length) parts.push(chars.slice(plain).join(''));
  return parts;
}

function message(m) {
  const body = m.redactedAt
    ? h('p', { class: 'redacted' }, t('inbox.redacted', { reason: m.redactionReason || '' }))
    : h('div', { class: 'body' }, highlight(m.displayText, state.search));
  const li = h('li', { class: `msg ${m.direction}` + (m.status === 'failed' ? ' failed' : ''), dataset: { id: m.id } },
    h('div', { class: 'meta' },
      h('span', {}, m.direction === 'out' ? (m.agentName || channelLabel[m.channel]) : ''),
      h('time', { title: dateTime(m.sentAt) }, dateTime(m.sentAt)),
      m.direction === 'out' ? h('span', { class: 'mstatus st-' + m.status, title: m.statusDetail || '' }, t('msg.' + m.status) + (m.statusDetail ? ' — ' + m.statusDetail : '')) : null),
    m.subject && m.channel === 'email' ? h('div', { class: 'msubject' }, m.subject) : null,
    body,
    (m.attachments || []).map(a => h('div', { class: 'attachment' }, '📎 ',
      // A download of its own (the server sends it as a file, never as a page); a platform's media not kept is a name only.
      a.downloadable ? h('a', { href: `/api/attachments/${a.id}`, download: a.fileName || '' }, a.fileName || t('inbox.attachment')) : (a.fileName || t('inbox.attachment')),
      ` (${a.contentType}${a.size > 0 ? `, ${Math.ceil(a.size / 1024)} KB` : ''})`, a.note ? ' — ' + a.note : '',
      a.fetchFailed ? ` — ${t('inbox.attachmentFailed')}` : '')));
  for (const f of decorators.message) f(li, m);
  return li;
}

function compose(c) {
  const ta = h('textarea', { id: 'reply', rows: '4', placeholder: t('inbox.reply'),
    onkeydown: e => { if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) { e.preventDefault(); send(false); } } });
  const notes = h('div', { class: 'compose-notes', id: 'compose-notes' });
  const counter = h('span', { class: 'counter' }, t('inbox.chars', { n: 0 }));
  ta.addEventListener('input', () => { counter.textContent = t('inbox.chars', { n: ta.value.length }); });
  const box = h('form', { class: 'compose', onsubmit: e => { e.preventDefault(); send(false); } },
    ta, notes, h('div', { class: 'compose-bar' }, counter, h('button', { class: 'btn primary', id: 'send', type: 'submit' }, t('inbox.send'))));
  for (const f of decorators.compose) f(box, c, ta, notes);
  return box;

  async function send(confirmed) {
    const text = ta.value.trim();
    const body = { text, confirmed, clientRef: crypto.randomUUID() };
    for (const f of decorators.send) f(body, c); // features add to the reply (its files, the last message seen)
    if (!text && !body.attachments?.length) return;
    clear(notes);
    try {
      await api(`/api/conversations/${c.id}/replies`, { method: 'POST', body });
      for (const f of decorators.sent) f(c);
      // The hub may have re-rendered the thread (our own MessageAdded) while the post was in flight,
      // carrying the draft into a new textarea: clear that one too.
      // Told by an input event, so that the box's counter and features (the draft guard) follow, whichever box it is.
      for (const el of new Set([ta, document.getElementById('reply')])) if (el) { el.value = ''; el.dispatchEvent(new Event('input', { bubbles: true })); }
    } catch (e) {
      if (e.status === 409 && e.data?.needsConfirmation) {
        const warnbox = h('div', { class: 'warnbox' }, h('strong', {}, t('inbox.needsConfirm')),
          h('ul', {}, ((lang === 'fr' && e.data.reasonsFr) || e.data.reasons).map(r => h('li', {}, r))),
          h('button', { class: 'btn danger', id: 'confirm-send', type: 'button', onclick: () => send(true) }, t('inbox.confirm')));
        for (const f of decorators.held) f(warnbox, e.data);
        notes.append(warnbox);
      } else {
        notes.append(h('div', { class: 'errbox' }, t('inbox.refused', { reason: errorText(e) })));
      }
    }
  }
}

async function setStatus(id, status) {
  await api(`/api/conversations/${id}/status`, { method: 'POST', body: { status } });
}

// Live updates: the server pushes; the page never polls. Under heavy intake a batch event arrives every few
// milliseconds with several conversations: the list takes each change at once but is drawn once per frame the browser
// paints (none while the tab is hidden), and keeps its newest LIST_LIMIT rows instead of growing all day.
let listFrame = 0;
function renderListSoon() {
  if (!listFrame) listFrame = requestAnimationFrame(() => { listFrame = 0; renderList(); });
}

hub.on('ConversationChanged', c => {
  const i = state.list.findIndex(x => x.id === c.id);
  if (i >= 0) state.list.splice(i, 1);
  if (matches(c, i >= 0)) state.list.unshift(c);
  state.list.sort(orders[state.sort] || orders.newest);
  if (state.list.length > LIST_LIMIT) state.list.length = LIST_LIMIT;
  renderListSoon();
  if (state.detail && state.detail.conversation.id === c.id) {
    state.detail.conversation = c;
    showStatus(c);
  }
});

// The open conversation's status, as closed or reopened here, by a colleague or by a new message.
function showStatus(c) {
  const pill = document.getElementById('conv-status'), toggle = document.getElementById('toggle-status');
  if (pill) { pill.className = 'status s-' + c.status; pill.textContent = t('inbox.status.' + c.status); }
  if (toggle) toggle.textContent = c.status === 'closed' ? t('inbox.reopen') : t('inbox.close');
}
hub.on('MessageAdded', m => {
  if (m.conversationId === state.loading) { state.early.push(m); return; }
  if (!state.detail || state.detail.conversation.id !== m.conversationId) return;
  if (state.detail.messages.some(x => x.id === m.id)) return;
  state.detail.messages.push(m);
  state.detail.messages.sort((a, b) => a.sentAt - b.sentAt || a.id - b.id);
  const ta = document.getElementById('reply');
  const draft = ta?.value;
  const focused = document.activeElement?.id; // the reply or a feature's field (a note) the agent is typing in
  renderThread();
  if (draft) {
    // The new compose box gets the draft and checks it again (length, window, draft guard): the old box's pending
    // check would report into the thread that was just replaced.
    const box = document.getElementById('reply');
    box.value = draft;
    box.dispatchEvent(new Event('input', { bubbles: true }));
  }
  if (focused) document.getElementById(focused)?.focus();
});
hub.on('MessageChanged', m => {
  if (!state.detail || state.detail.conversation.id !== m.conversationId) return;
  const i = state.detail.messages.findIndex(x => x.id === m.id);
  if (i >= 0) state.detail.messages[i] = m;
  const li = threadEl.querySelector(`.msg[data-id="${m.id}"]`);
  if (li) li.replaceWith(message(m));
});
document.addEventListener('hubreconnected', () => { load(); if (state.selected) open(state.selected); });

// Keyboard: j/k move, Enter opens, / searches, r replies, Esc leaves a field.
export function keydown(e) {
  const inField = ['INPUT', 'TEXTAREA', 'SELECT'].includes(document.activeElement?.tagName);
  if (e.key === 'Escape' && inField) { document.activeElement.blur(); return; }
  if (inField || e.ctrlKey || e.metaKey || e.altKey) return;
  const ids = [...listEl.querySelectorAll('.conv')].map(li => Number(li.dataset.id));
  const i = ids.indexOf(state.selected);
  if (e.key === 'j' || e.key === 'ArrowDown') { e.preventDefault(); if (ids.length) open(ids[Math.min(ids.length - 1, i + 1)]); }
  else if (e.key === 'k' || e.key === 'ArrowUp') { e.preventDefault(); if (ids.length) open(ids[Math.max(0, i - 1)]); }
  else if (e.key === '/') { e.preventDefault(); document.getElementById('search').focus(); }
  else if (e.key === 'r') { e.preventDefault(); document.getElementById('reply')?.focus(); }
}

export function tick() {
  document.querySelectorAll('time.age[data-ts]').forEach(el => { el.textContent = age(Number(el.dataset.ts)); });
}
