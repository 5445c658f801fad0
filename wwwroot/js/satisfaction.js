// Customer satisfaction: the survey of the open conversation in its side panel (queued, sent, answered good or bad with
// the customer's word), and on the lead board the team's figures over the last 30 days (good among answers, per agent,
// the latest words). Both follow each answer as it comes (SurveyAnswered).
import { api } from './api.js';
import { h, clear } from './dom.js';
import { add, t, dateTime, errorText } from './i18n.js';
import { me } from './app.js';
import { decorators } from './inbox.js';
import { boardSlots } from './board.js';
import * as hub from './hub.js';

add({
  en: {
    'csat.title': 'Satisfaction', 'csat.queued': 'Survey to be sent after the delay set on the board (not if the conversation is opened again).',
    'csat.sent': 'Survey sent {when}; no answer yet.', 'csat.failed': 'The survey could not be sent.',
    'csat.good': 'Good', 'csat.bad': 'Not good', 'csat.answered': '— answered {when}', 'csat.for': 'for {agent}',
    'csat.board': 'Satisfaction, last 30 days', 'csat.share': '{pct} % good', 'csat.counts': '{good} good, {bad} not good; surveys sent: {sent}',
    'csat.none': 'No answer yet.', 'csat.ask': 'Ask customers how it went after an email conversation is closed',
    'csat.delay': 'minutes after closing', 'csat.on': 'Customers are asked {n} minutes after closing.', 'csat.off': 'Customers are not asked (surveys off).',
    'csat.cannot': 'Surveys cannot go out: the SMTP server and Inbox:PublicUrl must be set.',
  },
  fr: {
    'csat.title': 'Satisfaction', 'csat.queued': 'Enquête envoyée après le délai réglé sur le tableau de bord (pas si la conversation est rouverte).',
    'csat.sent': 'Enquête envoyée {when} ; pas encore de réponse.', 'csat.failed': 'L’enquête n’a pas pu être envoyée.',
    'csat.good': 'Bien', 'csat.bad': 'Pas bien', 'csat.answered': '— répondu {when}', 'csat.for': 'pour {agent}',
    'csat.board': 'Satisfaction, 30 derniers jours', 'csat.share': '{pct} % satisfaits', 'csat.counts': '{good} bien, {bad} pas bien ; enquêtes envoyées : {sent}',
    'csat.none': 'Pas encore de réponse.', 'csat.ask': 'Demander aux clients leur avis après la fermeture d’une conversation par e-mail',
    'csat.delay': 'minutes après la fermeture', 'csat.on': 'Les clients sont sollicités {n} minutes après la fermeture.', 'csat.off': 'Les clients ne sont pas sollicités (enquêtes désactivées).',
    'csat.cannot': 'Les enquêtes ne peuvent pas partir : le serveur SMTP et Inbox:PublicUrl doivent être configurés.',
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

// Whether customers are asked, under the board's figures; an admin switches it and sets the delay there.
function settingsLine(s) {
  const said = h('p', { class: 'muted small', id: 'csat-state' }, s.enabled ? t('csat.on', { n: s.delayMinutes }) : t('csat.off'));
  const warn = s.enabled && !s.canSend ? h('p', { class: 'errbox small', id: 'csat-cannot' }, t('csat.cannot')) : null;
  if (me?.role !== 'admin') return [said, warn];
  const save = async body => {
    try { Object.assign(s, await api('/api/admin/satisfaction', { method: 'PUT', body: { enabled: s.enabled, delayMinutes: s.delayMinutes, ...body } })); }
    catch (e) { alert(errorText(e)); }
    loadBoard();
  };
  return [said, warn, h('div', { class: 'csat-settings' },
    h('label', {}, h('input', { type: 'checkbox', id: 'csat-enabled', checked: s.enabled, onchange: e => save({ enabled: e.target.checked }) }), ' ', t('csat.ask')),
    h('label', {}, h('input', { type: 'number', id: 'csat-delay', min: '0', max: '10080', value: s.delayMinutes, onchange: e => save({ delayMinutes: Number(e.target.value) }) }),
      ' ', t('csat.delay')))];
}

// The lead board's panel, read again at each answer.
let boardEl = null;
async function loadBoard() {
  const el = boardEl;
  const [r, settings] = await Promise.all([api('/api/satisfaction?days=30').catch(() => null), api('/api/satisfaction/settings').catch(() => null)]);
  if (!r || el !== boardEl || !el.isConnected) return;
  clear(el).append(h('h3', {}, t('csat.board')));
  if (settings) el.append(...settingsLine(settings).filter(Boolean));
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
