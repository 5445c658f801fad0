// The team lead's board: live counts per channel, conversations by time left, load per agent with
// reassignment (menu or drag onto an agent), breach alerts (sound optional, off by default).
import { api } from './api.js';
import { addView } from './app.js';
import { h, clear, channelBadge, channelLabel } from './dom.js';
import { add, t } from './i18n.js';
import * as hub from './hub.js';
import { countdown, refresh, syncClock, timerState, ensureStyles } from './timers.js';
import './sla.js';

add({
  en: {
    'board.channel': 'Channel', 'board.open': 'Open', 'board.unanswered': 'Unanswered', 'board.atRisk': 'At risk', 'board.breached': 'Breached',
    'board.total': 'Total', 'board.timeLeft': 'Time left', 'board.customer': 'Customer', 'board.subject': 'Subject', 'board.kind': 'Timer',
    'board.agent': 'Assigned to', 'board.unassigned': 'Unassigned', 'board.agents': 'Load per agent', 'board.empty': 'Nothing waits for an answer.',
    'board.sound': 'Sound on breach', 'board.alert': 'Response time breached: {who} ({channel})', 'board.dismiss': 'Dismiss',
    'board.flags': 'Open consistency flags', 'board.flagsNone': 'No open flags.', 'board.recent': 'Recent alerts',
    'board.dragHint': 'Drag a row onto an agent to reassign it.', 'board.assignFailed': 'Reassignment failed: {e}',
  },
  fr: {
    'board.channel': 'Canal', 'board.open': 'Ouvertes', 'board.unanswered': 'Sans réponse', 'board.atRisk': 'À risque', 'board.breached': 'Dépassées',
    'board.total': 'Total', 'board.timeLeft': 'Temps restant', 'board.customer': 'Client', 'board.subject': 'Objet', 'board.kind': 'Délai',
    'board.agent': 'Attribuée à', 'board.unassigned': 'Non attribuée', 'board.agents': 'Charge par agent', 'board.empty': 'Aucune conversation en attente de réponse.',
    'board.sound': 'Son en cas de dépassement', 'board.alert': 'Délai de réponse dépassé : {who} ({channel})', 'board.dismiss': 'Fermer',
    'board.flags': 'Incohérences ouvertes', 'board.flagsNone': 'Aucune incohérence ouverte.', 'board.recent': 'Alertes récentes',
    'board.dragHint': 'Glissez une ligne sur un agent pour la réattribuer.', 'board.assignFailed': 'Échec de la réattribution : {e}',
  },
});

/**
 * Other features fill board slots: boardSlots.flags.push((el, snapshot) => ...) renders into the
 * "Open consistency flags" panel (#board-flags) each time the board is drawn; boardSlots.side.push(snapshot => element)
 * adds a panel of its own under it (satisfaction).
 */
export const boardSlots = { flags: [], side: [] };

let root = null, snapshot = null, alertEl, alertText = null, reloadTimer;
const soundKey = 'inbox.board.sound';

function mount(el) {
  ensureStyles();
  root = el;
  load();
}

async function load() {
  if (!root) return;
  snapshot = await api('/api/board');
  syncClock(snapshot.now);
  render();
}

function reloadSoon() {
  if (!root?.isConnected) { root = null; return; }
  clearTimeout(reloadTimer);
  reloadTimer = setTimeout(load, 1000);
}

function render() {
  const s = snapshot;
  clear(root).append(
    alertEl = h('div', { class: 'board-alert', id: 'board-alert', role: 'alert', hidden: true }),
    h('div', { class: 'board-bar' }, counts(s.channels), tools()),
    h('section', { class: 'board-list', id: 'board-list' }, list(s)),
    h('aside', { class: 'board-side' },
      h('section', {}, h('h3', {}, t('board.agents')), ...s.agents.map(agentCard)),
      flagsSlot(s),
      ...boardSlots.side.map(f => f(s)),
      h('section', { class: 'board-alerts' }, h('h3', {}, t('board.recent')),
        h('ul', {}, s.alerts.map(a => h('li', { class: a.level === 'breached' ? 'n-bad' : 'n-risk' },
          `${new Date(a.raisedAt).toLocaleTimeString()} · ${a.level === 'breached' ? t('board.breached') : t('board.atRisk')} · `,
          h('a', { href: `#/inbox/${a.conversationId}` }, a.customerName)))))));
  paintAlert();
}

function counts(channels) {
  const sum = k => channels.reduce((n, c) => n + c[k], 0);
  const cells = c => [h('td', {}, c.open), h('td', {}, c.unanswered), h('td', { class: 'n-risk' }, c.atRisk), h('td', { class: 'n-bad' }, c.breached)];
  return h('table', { class: 'board-counts', id: 'board-counts' },
    h('thead', {}, h('tr', {}, ['board.channel', 'board.open', 'board.unanswered', 'board.atRisk', 'board.breached'].map(k => h('th', {}, t(k))))),
    h('tbody', {}, channels.map(c => h('tr', { dataset: { channel: c.channel } }, h('td', {}, channelLabel[c.channel] || c.channel), cells(c)))),
    h('tfoot', {}, h('tr', {}, h('td', {}, t('board.total')),
      cells({ open: sum('open'), unanswered: sum('unanswered'), atRisk: sum('atRisk'), breached: sum('breached') }))));
}

function tools() {
  return h('div', { class: 'board-tools' },
    h('label', {}, h('input', { type: 'checkbox', id: 'board-sound', checked: localStorage.getItem(soundKey) === '1',
      onchange: e => localStorage.setItem(soundKey, e.target.checked ? '1' : '0') }), ' ', t('board.sound')),
    h('span', {}, t('board.dragHint')));
}

function list(s) {
  if (s.conversations.length === 0) return h('p', { class: 'placeholder' }, t('board.empty'));
  return h('table', {},
    h('thead', {}, h('tr', {}, ['board.timeLeft', 'board.channel', 'board.customer', 'board.subject', 'board.kind', 'board.agent'].map(k => h('th', {}, t(k))))),
    h('tbody', {}, s.conversations.map(c => h('tr', {
      class: timerState(c) || '', draggable: 'true', dataset: { id: c.id },
      ondragstart: e => e.dataTransfer.setData('text/plain', String(c.id)),
    },
      h('td', {}, countdown(c)),
      h('td', {}, channelBadge(c.channel, c.isPublic)),
      h('td', {}, h('a', { href: `#/inbox/${c.id}` }, c.customerName)),
      h('td', { class: 'subj' }, c.subject || c.preview || ''),
      h('td', {}, t(c.timerKind === 'first' ? 'timer.first' : 'timer.next')),
      h('td', {}, assignMenu(c, s.agents))))));
}

function assignMenu(c, agents) {
  return h('select', { class: 'assign', 'aria-label': t('board.agent'), onchange: e => assign(c.id, e.target.value ? Number(e.target.value) : null) },
    agents.map(a => h('option', { value: a.agentId ?? '', selected: (a.agentId ?? null) === (c.assignedAgentId ?? null) }, a.name || t('board.unassigned'))));
}

function agentCard(a) {
  const card = h('div', { class: 'agent-card', dataset: { agent: a.agentId ?? '' },
    ondragover: e => { e.preventDefault(); card.classList.add('drop'); },
    ondragleave: () => card.classList.remove('drop'),
    ondrop: e => { e.preventDefault(); card.classList.remove('drop'); assign(Number(e.dataTransfer.getData('text/plain')), a.agentId ?? null); },
  },
    h('strong', {}, a.name || t('board.unassigned')),
    h('div', { class: 'nums' },
      h('span', { title: t('board.open') }, `${t('board.open')} ${a.open}`),
      h('span', { title: t('board.unanswered') }, `${t('board.unanswered')} ${a.unanswered}`),
      a.atRisk ? h('span', { class: 'n-risk' }, `${t('board.atRisk')} ${a.atRisk}`) : null,
      a.breached ? h('span', { class: 'n-bad' }, `${t('board.breached')} ${a.breached}`) : null));
  return card;
}

/** The slot where consistency flags appear once that feature registers a renderer in boardSlots.flags. */
function flagsSlot(s) {
  const el = h('section', { class: 'board-flags', id: 'board-flags', dataset: { slot: 'consistency-flags' } },
    h('h3', {}, t('board.flags')));
  if (boardSlots.flags.length === 0) el.append(h('p', { class: 'muted' }, t('board.flagsNone')));
  for (const f of boardSlots.flags) f(el, s);
  return el;
}

async function assign(id, agentId) {
  try { await api(`/api/conversations/${id}/assignee`, { method: 'POST', body: { agentId } }); }
  catch (e) { showAlert(t('board.assignFailed', { e: e.message })); }
}

/** The alert stays up across redraws until the lead dismisses it. */
function showAlert(text) {
  alertText = text;
  paintAlert();
}

function paintAlert() {
  if (!alertEl?.isConnected) return;
  clear(alertEl);
  alertEl.hidden = !alertText;
  if (alertText) alertEl.append(h('span', {}, alertText), h('button', { class: 'btn ghost', onclick: () => { alertText = null; paintAlert(); } }, t('board.dismiss')));
}

function beep() {
  if (localStorage.getItem(soundKey) !== '1') return;
  try {
    const ctx = new AudioContext(), osc = ctx.createOscillator(), gain = ctx.createGain();
    osc.frequency.value = 880; gain.gain.value = 0.15;
    osc.connect(gain).connect(ctx.destination);
    osc.start(); osc.stop(ctx.currentTime + 0.4);
  } catch { /* audio is optional */ }
}

hub.on('SlaAlert', a => {
  if (!root?.isConnected) return;
  if (a.level === 'breached') {
    showAlert(t('board.alert', { who: a.customerName, channel: channelLabel[a.channel] || a.channel }));
    beep();
  }
  reloadSoon();
});
hub.on('ConversationChanged', () => { if (root?.isConnected) reloadSoon(); });
document.addEventListener('hubreconnected', () => { if (root?.isConnected) load(); });

addView('board', {
  label: 'nav.board', minRole: 'lead', mount,
  tick: () => {
    refresh();
    document.querySelectorAll('#board-list tr[data-id]').forEach(tr => {
      const c = snapshot?.conversations.find(x => x.id === Number(tr.dataset.id));
      if (c) tr.className = timerState(c) || '';
    });
  },
});
