// Customer satisfaction: the survey of the open conversation in its side panel (queued, sent, answered good or bad with
// the customer's word), and on the lead board the team's figures over the last 30 days (good among answers, per agent,
// the latest words). Both follow each answer as it comes (SurveyAnswered).
import { api } from './api.js';
import { h, clear } from './dom.js';
import { add, t, dateTime } from './i18n.js';
import { decorators } from './inbox.js';
import { boardSlots } from './board.js';
import * as hub from './hub.js';

add({
  en: {
    'csat.title': 'Satisfaction', 'csat.queued': 'Survey to be sent in a few minutes (not if the conversation is opened again).',
    'csat.sent': 'Survey sent {when}; no answer yet.', 'csat.failed': 'The survey could not be sent.',
    'csat.good': 'Good', 'csat.bad': 'Not good', 'csat.answered': '— answered {when}', 'csat.for': 'for {agent}',
    'csat.board': 'Satisfaction, last 30 days', 'csat.share': '{pct} % good', 'csat.counts': '{good} good, {bad} not good; surveys sent: {sent}',
    'csat.none': 'No answer yet.',
  },
  fr: {
    'csat.title': 'Satisfaction', 'csat.queued': 'Enquête envoyée dans quelques minutes (pas si la conversation est rouverte).',
    'csat.sent': 'Enquête envoyée {when} ; pas encore de réponse.', 'csat.failed': 'L’enquête n’a pas pu être envoyée.',
    'csat.good': 'Bien', 'csat.bad': 'Pas bien', 'csat.answered': '— répondu {when}', 'csat.for': 'pour {agent}',
    'csat.board': 'Satisfaction, 30 derniers jours', 'csat.share': '{pct} % satisfaits', 'csat.counts': '{good} bien, {bad} pas bien ; enquêtes envoyées : {sent}',
    'csat.none': 'Pas encore de réponse.',
  },
});

const rated = r => h('span', { class: 'rating-' + r }, r === 'good' ? '👍 ' + t('csat.good') : '👎 ' + t('csat.bad'));

// The side panel: only where there is a survey (email conversations closed with surveys on).
let side = null; // { id, el }
function drawSide(v) {
  if (!side?.el.isConnected) return;
  clear(side.el);
  if (!v) { side.el.hidden = true; return; }
  side.el.hidden = false;
  side.el.append(h('h4', {}, t('csat.title')));
  if (v.rating) {
    side.el.append(h('p', { id: 'csat-rating' }, rated(v.rating), ' ', h('span', { class: 'muted' },
      t('csat.answered', { when: dateTime(v.answeredAt) }))));
    if (v.comment) side.el.append(h('blockquote', { id: 'csat-comment' }, v.comment));
  } else {
    side.el.append(h('p', { class: 'muted', id: 'csat-rating' },
      v.status === 'sent' ? t('csat.sent', { when: dateTime(v.sentAt) }) : v.status === 'failed' ? t('csat.failed') : t('csat.queued')));
  }
  if (v.agentName) side.el.append(h('p', { class: 'muted' }, t('csat.for', { agent: v.agentName })));
}
decorators.side.push(async (sideEl, d) => {
  if (d.conversation.channel !== 'email') { side = null; return; }
  const id = d.conversation.id;
  side = { id, el: h('section', { class: 'satisfaction', id: 'csat-side', hidden: true }) };
  sideEl.append(side.el);
  const v = await api(`/api/conversations/${id}/satisfaction`).catch(() => null);
  if (side?.id === id) drawSide(v);
});

// The lead board's panel, read again at each answer.
let boardEl = null;
async function loadBoard() {
  const el = boardEl;
  const r = await api('/api/satisfaction?days=30').catch(() => null);
  if (!r || el !== boardEl || !el.isConnected) return;
  clear(el).append(h('h3', {}, t('csat.board')));
  const answers = r.good + r.bad;
  if (answers === 0) { el.append(h('p', { class: 'muted' }, t('csat.none'))); return; }
  el.append(
    h('p', { class: 'csat-share', id: 'csat-share' }, h('strong', {}, t('csat.share', { pct: Math.round(100 * r.good / answers) })), ' · ',
      h('span', { class: 'muted' }, t('csat.counts', { good: r.good, bad: r.bad, sent: r.sent }))),
    h('ul', { class: 'csat-agents' }, r.agents.map(a => h('li', {}, `${a.name || '—'} : ${a.good} 👍 · ${a.bad} 👎`))),
    h('ul', { class: 'csat-recent' }, r.recent.slice(0, 5).map(x => h('li', {}, rated(x.rating), ' ',
      h('a', { href: `#/inbox/${x.conversationId}` }, x.customerName), x.comment ? h('blockquote', {}, x.comment) : null))));
}
boardSlots.side.push(() => {
  boardEl = h('section', { class: 'satisfaction board-csat', id: 'board-csat' }, h('h3', {}, t('csat.board')));
  loadBoard();
  return boardEl;
});

hub.on('SurveyAnswered', v => {
  if (side?.id === v.conversationId) drawSide(v);
  if (boardEl?.isConnected) loadBoard();
});
