// Response timers shared by the inbox list and the lead board: countdown text, state, and the row decorator.
import { h } from './dom.js';
import { add, t } from './i18n.js';
import { decorators } from './inbox.js';

add({
  en: {
    'timer.first': 'First reply', 'timer.next': 'Next reply', 'timer.paused': 'Paused (waiting on customer)',
    'timer.left': '{t} left', 'timer.over': '{t} over', 'timer.atRisk': 'At risk', 'timer.breached': 'Breached', 'timer.ok': 'On time',
    'timer.due': 'Due {at}',
  },
  fr: {
    'timer.first': 'Première réponse', 'timer.next': 'Réponse suivante', 'timer.paused': 'En pause (attente client)',
    'timer.left': 'reste {t}', 'timer.over': 'dépassé de {t}', 'timer.atRisk': 'À risque', 'timer.breached': 'Dépassé', 'timer.ok': 'Dans les temps',
    'timer.due': 'Échéance {at}',
  },
});

// The server's clock may differ from the browser's; the board snapshot tells us by how much.
let skew = 0;
export function syncClock(serverNow) { skew = serverNow - Date.now(); }
export function now() { return Date.now() + skew; }

/** 'paused' | 'breached' | 'at_risk' | 'ok' | null (no running timer). */
export function timerState(c, at = now()) {
  if (!c.timerDueAt) return null;
  if (c.timerPausedAt) return 'paused';
  if (at >= c.timerDueAt) return 'breached';
  if (at >= c.timerAtRiskAt) return 'at_risk';
  return 'ok';
}

/** "1 h 05 min" / "12:09" style duration, in the current language. */
export function duration(ms) {
  const s = Math.floor(Math.abs(ms) / 1000);
  const d = Math.floor(s / 86400), hr = Math.floor((s % 86400) / 3600), m = Math.floor((s % 3600) / 60), sec = s % 60;
  if (d > 0) return `${d} ${t('age.days')} ${hr} h`;
  if (hr > 0) return `${hr} h ${String(m).padStart(2, '0')}`;
  return `${m}:${String(sec).padStart(2, '0')}`;
}

export function countdownText(c, at = now()) {
  const state = timerState(c, at);
  if (!state) return '';
  if (state === 'paused') return '⏸ ' + t('timer.paused');
  const left = c.timerDueAt - at;
  return left >= 0 ? t('timer.left', { t: duration(left) }) : t('timer.over', { t: duration(left) });
}

/** A ticking countdown element; refresh() (every second) keeps its text and colour current. */
export function countdown(c) {
  const el = h('span', {
    class: 'sla-countdown', dataset: { due: c.timerDueAt, risk: c.timerAtRiskAt, paused: c.timerPausedAt || '' },
    title: `${t(c.timerKind === 'first' ? 'timer.first' : 'timer.next')} · ${t('timer.due', { at: new Date(c.timerDueAt).toLocaleString() })}`,
  });
  paint(el);
  return el;
}

function paint(el) {
  const c = { timerDueAt: Number(el.dataset.due), timerAtRiskAt: Number(el.dataset.risk), timerPausedAt: Number(el.dataset.paused) || null };
  const state = timerState(c);
  el.textContent = countdownText(c);
  el.className = 'sla-countdown sla-' + state;
}

export function refresh() { document.querySelectorAll('.sla-countdown').forEach(paint); }

let stylesheet;
export function ensureStyles() {
  if (stylesheet) return;
  stylesheet = h('link', { rel: 'stylesheet', href: '/css/timers.css' });
  document.head.append(stylesheet);
}

// The agents' list shows the countdown of each conversation that waits for an answer.
ensureStyles();
decorators.row.push((li, c) => {
  if (!c.timerDueAt) return;
  li.querySelector('.conv-tags')?.append(countdown(c));
});
setInterval(refresh, 1000);
