// The answer-quality grid of the audit report: pass rates per check, scores per agent and channel,
// and the failing answers behind each figure one click away.
import { api } from './api.js';
import { h, clear, channelBadge, channelLabel } from './dom.js';
import { t, dateTime } from './i18n.js';
import { pct, table } from './audit-format.js';

export function gridSection(grid, query) {
  const drill = h('div', { class: 'drill', 'aria-live': 'polite' });
  const open = (filter, title) => showFailing(drill, `${query()}&failing=true&${filter}`, title);
  const checks = grid.checks.map(c => ({ data: c, cells: [t('grid.' + c.check), `${c.passed} / ${c.applicable}`, pct(c.share)] }));
  const group = list => list.map(g => ({ data: g, cells: [g.label || t('grid.noAgent'), g.answers, pct(g.averageScore), g.failing] }));
  return h('section', { class: 'audit-section' },
    h('h2', {}, t('grid.title')),
    h('p', { class: 'muted' }, t('grid.help', { n: grid.answers, score: pct(grid.averageScore) })),
    h('div', { class: 'grid-tables' },
      h('div', {}, h('h3', {}, t('grid.checks')),
        table([t('grid.check'), t('grid.passed'), t('grid.share')], checks, c => open(`check=${c.check}`, t('grid.' + c.check)))),
      h('div', {}, h('h3', {}, t('grid.byAgent')),
        table([t('grid.agent'), t('grid.answers'), t('grid.score'), t('grid.failing')], group(grid.byAgent), g => open(`agent=${g.key}`, g.label))),
      h('div', {}, h('h3', {}, t('grid.byChannel')),
        table([t('audit.channel'), t('grid.answers'), t('grid.score'), t('grid.failing')], group(grid.byChannel.map(c => ({ ...c, label: channelLabel[c.key] || c.key }))), g => open(`channel=${g.key}`, g.label)))),
    h('p', { class: 'muted small no-print' }, t('grid.clickHint')),
    drill);
}

async function showFailing(el, q, title) {
  clear(el).append(h('p', { class: 'muted' }, t('audit.loading')));
  let answers;
  try { answers = await api(`/api/audit/answers?${q}`); } catch (e) { clear(el).append(h('p', { class: 'bad' }, e.message)); return; }
  clear(el).append(h('h3', {}, t('grid.failingFor', { what: title, n: answers.length })),
    ...(answers.length === 0 ? [h('p', { class: 'muted' }, t('audit.none'))] : answers.map(card)));
  el.scrollIntoView({ behavior: 'smooth', block: 'start' });
}

function card(a) {
  const failed = a.checks.filter(c => c.passed === false);
  return h('div', { class: 'graded' },
    h('div', { class: 'meta' }, channelBadge(a.channel), ' ', a.agent || t('grid.noAgent'), ' · ', dateTime(a.sentAt), ' · ',
      h('strong', {}, pct(a.score)), ' ', h('a', { href: `#/inbox/${a.conversationId}` }, t('audit.open'))),
    h('ul', { class: 'failed-checks' }, failed.map(c => h('li', {}, h('strong', {}, t('grid.' + c.check)), c.note ? ` — ${c.note}` : ''))),
    h('div', { class: 'graded-pair' },
      h('div', {}, h('div', { class: 'muted small' }, t('grid.request')), h('div', { class: 'body' }, a.request)),
      h('div', {}, h('div', { class: 'muted small' }, t('grid.answer')), h('div', { class: 'body' }, a.text))));
}
