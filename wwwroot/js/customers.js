// The customers directory: everyone who ever wrote, the most recently in touch first, found by any part of their name,
// address, handle or phone. A row opens to their conversations (each a link into the inbox) and, for a customer with an
// address, a "Write" button that starts a new email to them, and "The same person as…" folds another customer into them.
import { api } from './api.js';
import { addView } from './app.js';
import { h, clear, channelBadge } from './dom.js';
import { add, t, age, dateTime, errorText } from './i18n.js';
import { newEmail } from './new-email.js';
import { shortcut } from './shortcuts.js';

add({
  en: {
    'nav.customers': 'Customers', 'cust.title': 'Customers', 'cust.search': 'Name, address, handle or phone…', 'cust.name': 'Customer',
    'cust.identities': 'Identities', 'cust.conversations': 'Conversations', 'cust.last': 'Last in touch', 'cust.count': '{n} ({open} open)',
    'cust.none': 'No customer matches.', 'cust.write': '✉ Write', 'cust.never': 'never', 'cust.blocked': 'Blocked', 'cust.help': 'The most recently in touch first; a row opens to their conversations.',
    'st.open': 'open', 'st.pending': 'pending', 'st.closed': 'closed',
    'cust.same': 'The same person as…', 'cust.samePlaceholder': 'another customer’s name, address or phone',
    'cust.confirmMerge': 'Merge “{from}” into “{into}”? Their identities and conversations become one customer’s (undone from a conversation’s side panel).',
  },
  fr: {
    'nav.customers': 'Clients', 'cust.title': 'Clients', 'cust.search': 'Nom, adresse, pseudo ou téléphone…', 'cust.name': 'Client',
    'cust.identities': 'Identités', 'cust.conversations': 'Conversations', 'cust.last': 'Dernier contact', 'cust.count': '{n} ({open} ouvertes)',
    'cust.none': 'Aucun client ne correspond.', 'cust.write': '✉ Écrire', 'cust.never': 'jamais', 'cust.blocked': 'Bloqué', 'cust.help': 'Les plus récemment en contact d’abord ; une ligne s’ouvre sur leurs conversations.',
    'st.open': 'ouverte', 'st.pending': 'en attente', 'st.closed': 'fermée',
    'cust.same': 'La même personne que…', 'cust.samePlaceholder': 'nom, adresse ou téléphone d’un autre client',
    'cust.confirmMerge': 'Fusionner « {from} » dans « {into} » ? Leurs identités et conversations deviennent celles d’un seul client (annulable depuis le panneau d’une conversation).',
  },
});

const identityLabel = i => i.handle ? '@' + i.handle : (i.email || (i.phone ? '+' + i.phone : i.displayName || i.externalId));
let root = null, body = null, search = '', timer = 0, opened = null, asked = 0;

function mount(el) {
  root = el;
  opened = null; // the search is kept from one visit to the next, not an opened row
  body = h('tbody', { id: 'customers-rows' });
  clear(root).append(h('div', { class: 'customers-view' },
    h('h2', {}, t('cust.title')),
    h('p', { class: 'muted' }, t('cust.help')),
    h('input', { id: 'customer-search', type: 'search', placeholder: t('cust.search'), value: search, autocomplete: 'off',
      oninput: e => { search = e.target.value; clearTimeout(timer); timer = setTimeout(load, 200); } }),
    h('table', { class: 'customers-table', id: 'customers-table' },
      h('thead', {}, h('tr', {}, ['cust.name', 'cust.identities', 'cust.conversations', 'cust.last'].map(k => h('th', {}, t(k))))), body)));
  load();
  document.getElementById('customer-search').focus();
}

async function load() {
  const ask = ++asked; // the answer to an older search that comes late is dropped
  let rows;
  try { rows = await api('/api/customers?search=' + encodeURIComponent(search)); }
  catch (e) { clear(body).append(h('tr', {}, h('td', { colspan: '4', class: 'errbox' }, errorText(e)))); return; }
  if (ask !== asked || !body?.isConnected) return;
  clear(body);
  if (rows.length === 0) { body.append(h('tr', {}, h('td', { colspan: '4', class: 'muted' }, t('cust.none')))); return; }
  for (const c of rows) {
    const tr = h('tr', { class: 'customer-row', dataset: { id: c.id }, tabindex: '0',
      onclick: () => toggle(c, tr), onkeydown: e => { if (e.key === 'Enter') { e.preventDefault(); toggle(c, tr); } } },
      h('td', {}, h('strong', {}, c.displayName), c.blockedAt ? [' ', h('span', { class: 'tag bad customer-blocked' }, t('cust.blocked'))] : null,
        c.note ? h('div', { class: 'muted small customer-note' }, c.note) : null),
      h('td', {}, c.identities.map(i => h('span', { class: 'customer-identity' }, channelBadge(i.channel), ' ', identityLabel(i)))),
      h('td', {}, t('cust.count', { n: c.conversations, open: c.open })),
      h('td', { title: c.lastContactAt ? dateTime(c.lastContactAt) : '' }, c.lastContactAt ? age(c.lastContactAt) : t('cust.never')));
    body.append(tr);
    if (opened === c.id) toggle(c, tr, true);
  }
}

// The customer's conversations under their row, newest first.
async function toggle(c, tr, keep) {
  const next = tr.nextElementSibling;
  if (next?.classList.contains('customer-detail')) { next.remove(); if (!keep) { opened = null; return; } }
  opened = c.id;
  const list = await api(`/api/conversations?customer=${c.id}&automated=true&limit=50`).catch(() => []);
  if (!tr.isConnected) return;
  const email = c.identities.find(i => i.email)?.email;
  tr.after(h('tr', { class: 'customer-detail' }, h('td', { colspan: '4' },
    email ? h('button', { class: 'btn ghost customer-write', type: 'button', onclick: () => newEmail({ to: `${c.displayName.replace(/[<>",]/g, '')} <${email}>` }) }, t('cust.write')) : null,
    samePerson(c),
    h('ul', { class: 'customer-conversations' }, list.map(v => h('li', {},
      channelBadge(v.channel, v.isPublic), ' ', h('a', { href: `#/inbox/${v.id}` }, v.subject || v.preview || '—'), ' ',
      h('span', { class: 'muted' }, `${t('st.' + v.status)} · ${age(v.lastMessageAt)}`)))))));
}

// "The same person as…": another customer found by a search, folded into this one after a confirmation.
function samePerson(c) {
  const found = h('span', { class: 'customer-same-found' });
  let timer = 0;
  const input = h('input', { type: 'search', class: 'customer-same', placeholder: t('cust.samePlaceholder'), autocomplete: 'off', 'aria-label': t('cust.same'),
    onclick: e => e.stopPropagation(), onkeydown: e => e.stopPropagation(),
    oninput: () => { clearTimeout(timer); timer = setTimeout(async () => {
      const others = input.value.trim() ? (await api('/api/customers?limit=6&search=' + encodeURIComponent(input.value)).catch(() => [])).filter(o => o.id !== c.id) : [];
      found.replaceChildren(...others.slice(0, 5).map(o => h('button', { class: 'btn ghost small customer-same-pick', type: 'button', onclick: () => merge(o) },
        o.displayName, ' ', h('span', { class: 'muted' }, o.identities.map(identityLabel).join(', ')))));
    }, 200); } });
  async function merge(other) {
    if (!confirm(t('cust.confirmMerge', { from: other.displayName, into: c.displayName }))) return;
    try { await api(`/api/customers/${other.id}/merge`, { method: 'POST', body: { into: c.id } }); opened = c.id; load(); }
    catch (e) { found.replaceChildren(h('span', { class: 'tag-error' }, errorText(e))); }
  }
  return h('div', { class: 'customer-same-box' }, h('label', { class: 'muted small' }, t('cust.same'), ' ', input), ' ', found);
}

addView('customers', { label: 'nav.customers', mount });
// Shift+C: the directory, from anywhere outside a field.
shortcut('C', () => { location.hash = '#/customers'; });
