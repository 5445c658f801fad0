// Answer consistency: the live draft guard under the compose box, consistency flags beside the
// conversation, and the leads' "Flags" view. Customer and answer text is always rendered as text.
import { api } from './api.js';
import { h, clear, channelBadge, channelLabel } from './dom.js';
import { add, t, lang, dateTime } from './i18n.js';
import * as hub from './hub.js';
import { decorators } from './inbox.js';
import { addView, me } from './app.js';
import { boardSlots } from './board.js';

add({
  en: {
    'flags.nav': 'Flags', 'flags.title': 'Consistency flags', 'flags.any': 'Any', 'flags.status': 'Status', 'flags.kind': 'Kind',
    'flags.channel': 'Channel', 'flags.open': 'Open', 'flags.acknowledged': 'Acknowledged', 'flags.resolved': 'Resolved',
    'flags.divergence': 'Divergent answers', 'flags.missing_answer': 'Missing answer', 'flags.ack': 'Acknowledge',
    'flags.resolve': 'Resolve', 'flags.none': 'No flags.', 'flags.by': '{who}, {when}', 'flags.auto': 'automatically',
    'flags.conversations': 'Conversations', 'flags.explanation': 'Explanation', 'flags.created': 'Raised',
    'guard.title': 'This draft contradicts an answer already sent on {channel}', 'guard.reuse': 'Reuse that answer',
    'guard.sent': 'Sent on {channel}:', 'guard.side': 'Consistency', 'guard.noFlag': 'No consistency flag on this conversation.',
    'guard.reference': 'This draft contradicts the team’s reference answer “{title}”', 'guard.useReference': 'Use the reference answer',
  },
  fr: {
    'flags.nav': 'Alertes', 'flags.title': 'Alertes de cohérence', 'flags.any': 'Tous', 'flags.status': 'Statut', 'flags.kind': 'Type',
    'flags.channel': 'Canal', 'flags.open': 'Ouverte', 'flags.acknowledged': 'Prise en compte', 'flags.resolved': 'Résolue',
    'flags.divergence': 'Réponses divergentes', 'flags.missing_answer': 'Réponse manquante', 'flags.ack': 'Prendre en compte',
    'flags.resolve': 'Résoudre', 'flags.none': 'Aucune alerte.', 'flags.by': '{who}, {when}', 'flags.auto': 'automatiquement',
    'flags.conversations': 'Conversations', 'flags.explanation': 'Explication', 'flags.created': 'Levée',
    'guard.title': 'Ce brouillon contredit une réponse déjà envoyée sur {channel}', 'guard.reuse': 'Reprendre cette réponse',
    'guard.sent': 'Envoyé sur {channel} :', 'guard.side': 'Cohérence', 'guard.noFlag': 'Aucune alerte de cohérence sur cette conversation.',
    'guard.reference': 'Ce brouillon contredit la réponse de référence de l’équipe « {title} »', 'guard.useReference': 'Reprendre la réponse de référence',
  },
});

document.head.append(h('link', { rel: 'stylesheet', href: '/css/consistency.css' }));

const isLead = () => me && (me.role === 'lead' || me.role === 'admin');
const explanation = f => (lang === 'fr' ? f.explanationFr : f.explanationEn);
// Platform length limits, so a reused answer can be sent as is on this channel.
const limits = { x: 280, instagram: 1000, messenger: 2000, whatsapp: 4096, webchat: 5000 };

export function trimTo(text, channel) {
  const max = limits[channel];
  if (!max || text.length <= max) return text;
  const cut = text.slice(0, max - 1);
  const space = cut.lastIndexOf(' ');
  return (space > max * 0.6 ? cut.slice(0, space) : cut) + '…';
}

/** The draft with the conflicting phrases marked, built from text nodes only. */
function highlighted(text, spans) {
  const parts = [];
  let at = 0;
  for (const s of [...spans].sort((a, b) => a.start - b.start)) {
    if (s.start < at || s.start + s.length > text.length) continue;
    parts.push(text.slice(at, s.start), h('mark', {}, text.slice(s.start, s.start + s.length)));
    at = s.start + s.length;
  }
  parts.push(text.slice(at));
  return h('div', { class: 'draft-echo' }, parts);
}

// Live draft guard: checked through the hub ~300 ms after the agent stops typing.
decorators.compose.push((box, c, ta) => {
  const guard = h('div', { class: 'draft-guard', id: 'draft-guard', 'aria-live': 'polite' });
  box.insertBefore(guard, box.querySelector('.compose-bar'));
  let timer, seq = 0;
  const check = async () => {
    const text = ta.value;
    const mine = ++seq;
    if (!text.trim()) { clear(guard); return; }
    const conflicts = (await hub.invoke('CheckDraft', c.id, text)) || [];
    if (mine !== seq) return; // a newer check is under way
    clear(guard);
    const replace = answer => { ta.value = trimTo(answer, c.channel); ta.dispatchEvent(new Event('input')); };
    for (const d of conflicts) {
      const spans = d.conflicts.map(x => ({ start: x.startB, length: x.lengthB }));
      // A reference answer is inserted as the saved reply it is: filled for this conversation, and counted.
      const useReference = async () => {
        const filled = (await api(`/api/conversations/${c.id}/saved-replies`)).find(r => r.id === d.referenceId);
        replace(filled?.text ?? d.siblingText);
        api(`/api/saved-replies/${d.referenceId}/used`, { method: 'POST' }).catch(() => {});
      };
      guard.append(h('div', { class: 'conflict' + (d.referenceId ? ' reference' : '') },
        h('strong', {}, d.referenceId ? t('guard.reference', { title: d.referenceTitle })
          : t('guard.title', { channel: channelLabel[d.siblingChannel] || d.siblingChannel })),
        h('div', {}, lang === 'fr' ? d.explanationFr : d.explanationEn),
        highlighted(text, spans),
        h('button', { class: 'btn', type: 'button', onclick: d.referenceId ? useReference : () => replace(d.siblingText) },
          t(d.referenceId ? 'guard.useReference' : 'guard.reuse'))));
    }
  };
  ta.addEventListener('input', () => { clearTimeout(timer); timer = setTimeout(check, 300); });
});

// Beside the conversation: its flags (leads load them; everyone gets live ones for the open conversation).
const sideFlags = new Map();
let sideList = null;
function renderSide() {
  if (!sideList) return;
  clear(sideList);
  if (sideFlags.size === 0) sideList.append(h('li', { class: 'muted' }, t('guard.noFlag')));
  for (const f of sideFlags.values())
    sideList.append(h('li', {}, h('span', { class: 'tag warn' }, t('flags.' + f.kind)), ' ', t('flags.' + f.status), ' — ', explanation(f)));
}
decorators.side.push(async (sideEl, d) => {
  sideFlags.clear();
  sideList = h('ul', { class: 'flag-side' });
  sideEl.append(h('h4', {}, t('guard.side')), sideList);
  const id = d.conversation.id;
  if (isLead()) for (const f of await api(`/api/consistency/flags?conversation=${id}`)) sideFlags.set(f.id, f);
  renderSide();
});

// The leads' view: every flag, filtered, with acknowledge / resolve.
const view = { status: 'open', kind: '', channel: '', flags: [], el: null };
hub.on('FlagChanged', f => {
  if (sideList && sideList.isConnected) { sideFlags.set(f.id, f); renderSide(); }
  if (view.el && view.el.isConnected) {
    const i = view.flags.findIndex(x => x.id === f.id);
    if (i >= 0) view.flags.splice(i, 1);
    view.flags.unshift(f);
    renderFlags();
  }
});

async function loadFlags() {
  const q = new URLSearchParams();
  if (view.status) q.set('status', view.status);
  if (view.kind) q.set('kind', view.kind);
  if (view.channel) q.set('channel', view.channel);
  view.flags = await api('/api/consistency/flags?' + q);
  renderFlags();
}

function matches(f) {
  return (!view.status || f.status === view.status) && (!view.kind || f.kind === view.kind)
    && (!view.channel || f.channelA === view.channel || f.channelB === view.channel);
}

function select(name, values, labels) {
  return h('label', {}, t('flags.' + name), ' ', h('select', { name, onchange: e => { view[name] = e.target.value; loadFlags(); } },
    values.map((v, i) => h('option', { value: v, selected: view[name] === v }, labels[i]))));
}

function renderFlags() {
  const body = view.el?.querySelector('tbody');
  if (!body) return;
  clear(body);
  const rows = view.flags.filter(matches);
  if (rows.length === 0) body.append(h('tr', {}, h('td', { colspan: '5', class: 'muted' }, t('flags.none'))));
  for (const f of rows) {
    const who = (name, at) => at ? t('flags.by', { who: name || t('flags.auto'), when: dateTime(at) }) : '';
    body.append(h('tr', { dataset: { id: f.id } },
      h('td', {}, t('flags.' + f.kind), h('br'), h('span', { class: 'muted' }, dateTime(f.createdAt))),
      h('td', {}, h('a', { href: `#/inbox/${f.conversationA}` }, channelBadge(f.channelA)), ' ↔ ', h('a', { href: `#/inbox/${f.conversationB}` }, channelBadge(f.channelB))),
      h('td', {}, explanation(f)),
      h('td', {}, t('flags.' + f.status), h('br'), h('span', { class: 'muted' }, f.status === 'resolved' ? who(f.resolvedBy, f.resolvedAt) : who(f.acknowledgedBy, f.acknowledgedAt))),
      h('td', {},
        f.status === 'open' ? h('button', { class: 'btn', onclick: () => act(f.id, 'acknowledge') }, t('flags.ack')) : null, ' ',
        f.status !== 'resolved' ? h('button', { class: 'btn', onclick: () => act(f.id, 'resolve') }, t('flags.resolve')) : null)));
  }
}

async function act(id, action) {
  const f = await api(`/api/consistency/flags/${id}/${action}`, { method: 'POST' });
  const i = view.flags.findIndex(x => x.id === id);
  if (i >= 0) view.flags[i] = f;
  renderFlags();
}

addView('flags', {
  label: 'flags.nav', minRole: 'lead',
  mount: el => {
    view.el = h('section', { class: 'flags-view' },
      h('h2', {}, t('flags.title')),
      h('div', { class: 'filters' },
        select('status', ['', 'open', 'acknowledged', 'resolved'], [t('flags.any'), t('flags.open'), t('flags.acknowledged'), t('flags.resolved')]),
        select('kind', ['', 'divergence', 'missing_answer'], [t('flags.any'), t('flags.divergence'), t('flags.missing_answer')]),
        select('channel', ['', ...Object.keys(channelLabel)], [t('flags.any'), ...Object.values(channelLabel)])),
      h('table', {}, h('thead', {}, h('tr', {}, ['flags.kind', 'flags.conversations', 'flags.explanation', 'flags.status', ''].map(k => h('th', {}, k ? t(k) : '')))), h('tbody')));
    el.append(view.el);
    loadFlags();
  },
});

// The lead board shows the open flags in its consistency slot (board.js renders the slot).
boardSlots.flags.push(async el => {
  const list = h('ul', { class: 'board-flag-list' });
  el.append(list, h('a', { href: '#/flags' }, t('flags.nav')));
  const open = await api('/api/consistency/flags?status=open');
  if (open.length === 0) list.append(h('li', { class: 'muted' }, t('flags.none')));
  for (const f of open.slice(0, 8))
    list.append(h('li', { dataset: { id: f.id } }, t('flags.' + f.kind), ' ',
      h('a', { href: `#/inbox/${f.conversationA}` }, channelBadge(f.channelA)), ' ↔ ',
      h('a', { href: `#/inbox/${f.conversationB}` }, channelBadge(f.channelB))));
});
