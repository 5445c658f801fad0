// Brand self-audit: the barometer report for a period (leads and admins). Grid and probes in their own modules.
import { api } from './api.js';
import { addView } from './app.js';
import { h, clear, channelBadge, channelLabel } from './dom.js';
import { t, add, lang, dateTime } from './i18n.js';
import { pct, dur, day, isoDay, table, chart, destroyCharts, kpi } from './audit-format.js';
import { gridSection } from './audit-grid.js';
import { probeSection, campaignsSection } from './audit-probes.js';
import './audit-i18n.js';

const css = document.createElement('link');
css.rel = 'stylesheet'; css.href = '/css/audit.css';
document.head.append(css);

const state = { from: isoDay(Date.now() - 27 * 864e5), to: isoDay(Date.now()) };
const query = () => `from=${state.from}&to=${state.to}&lang=${lang}`;

addView('audit', { label: 'nav.audit', minRole: 'lead', mount });

function mount(el) {
  destroyCharts();
  const body = h('div', { class: 'audit-body' }, h('p', { class: 'muted' }, t('audit.loading')));
  el.append(h('div', { class: 'audit' },
    h('div', { class: 'audit-toolbar no-print' },
      h('label', {}, t('audit.from'), ' ', h('input', { type: 'date', value: state.from, onchange: e => { state.from = e.target.value; load(body); } })),
      h('label', {}, t('audit.to'), ' ', h('input', { type: 'date', value: state.to, onchange: e => { state.to = e.target.value; load(body); } })),
      h('a', { class: 'btn', href: '#', onclick: e => { e.preventDefault(); location.href = `/api/audit/report.csv?${query()}`; } }, t('audit.csv')),
      h('button', { class: 'btn primary', onclick: () => window.print() }, t('audit.print'))),
    body));
  load(body);
}

async function load(body) {
  destroyCharts();
  let r;
  try { r = await api(`/api/audit/report?${query()}`); }
  catch (e) { clear(body).append(h('p', { class: 'bad' }, e.message)); return; }
  clear(body).append(
    h('h1', {}, t('audit.title'), ' ', h('span', { class: 'muted' }, `${day(r.from)} – ${day(r.to - 1)}`)),
    responseSection(r), clusterSection(r), satisfactionSection(r), tagSection(r), trendSection(r), divergenceSection(r),
    gridSection(r.grid, query), probeSection(r.probes), campaignsSection(() => load(body)));
}

const channelName = c => c === 'all' ? t('audit.all') : (channelLabel[c] || c);

function responseSection(r) {
  const rows = [...r.channels, r.overall].map(c => ({ cells: [
    c.channel === 'all' ? h('strong', {}, t('audit.all')) : channelBadge(c.channel),
    c.requests, c.answered, pct(c.responseRate), dur(c.medianMs), dur(c.p90Ms),
    c.policyMinutes == null ? '' : dur(c.policyMinutes * 60000), `${pct(c.withinPolicyShare)} (${c.withinPolicy})`, `${pct(c.within24hShare)} (${c.within24h})`] }));
  const box = h('div', { class: 'chart-box' });
  if (r.channels.length) chart(box, {
    type: 'bar', label: t('audit.chart.time'),
    data: { labels: r.channels.map(c => channelName(c.channel)), datasets: [
      { label: t('audit.median'), data: r.channels.map(c => c.medianMs == null ? null : c.medianMs / 36e5), backgroundColor: '#2f5bea', maxBarThickness: 48 },
      { label: 'p90', data: r.channels.map(c => c.p90Ms == null ? null : c.p90Ms / 36e5), backgroundColor: '#9db2f5', maxBarThickness: 48 }] },
    options: { scales: { y: { beginAtZero: true, title: { display: true, text: t('audit.hours') } } } },
  }).catch(e => box.append(h('p', { class: 'muted' }, e.message)));
  return h('section', { class: 'audit-section' },
    h('h2', {}, t('audit.response')),
    h('p', { class: 'muted' }, t('audit.response.help')),
    table([t('audit.channel'), t('audit.requests'), t('audit.answered'), t('audit.rate'), t('audit.median'), 'p90', t('audit.policy'), t('audit.withinPolicy'), t('audit.within24h')], rows),
    h('h3', {}, t('audit.chart.time')), box);
}

function clusterSection(r) {
  const k = r.clusters;
  return h('section', { class: 'audit-section' },
    h('h2', {}, t('audit.clusters')),
    h('p', { class: 'muted' }, t('audit.clusters.help')),
    h('div', { class: 'kpis' },
      kpi(t('audit.clusters.count'), k.clusters, t('audit.clusters.multi', { n: k.multiChannel })),
      kpi(t('audit.everywhere'), pct(k.answeredEverywhereShare), `${k.answeredEverywhere} / ${k.clusters}`),
      kpi(t('audit.consistent'), k.flagsAvailable ? pct(k.consistentShare) : '—', k.flagsAvailable ? `${k.consistent} / ${k.clusters}` : t('audit.noFlags')),
      kpi(t('audit.divergent'), k.flagsAvailable ? k.divergent : '—', '')));
}

// What customers said of the answers (satisfaction surveys): all, and those of requests answered differently on two
// channels against the others. Left out while the period has no answer.
function satisfactionSection(r) {
  const s = r.satisfaction;
  if (!s || s.answers === 0) return null;
  return h('section', { class: 'audit-section', id: 'audit-satisfaction' },
    h('h2', {}, t('audit.csat')),
    h('p', { class: 'muted' }, t('audit.csat.help')),
    h('div', { class: 'kpis' },
      kpi(t('audit.csat.all'), pct(s.goodShare), `${s.good} / ${s.answers}`),
      kpi(t('audit.csat.divergent'), s.divergentAnswers ? pct(s.divergentGoodShare) : '—', `${s.divergentGood} / ${s.divergentAnswers}`),
      kpi(t('audit.csat.other'), s.otherAnswers ? pct(s.otherGoodShare) : '—', `${s.otherGood} / ${s.otherAnswers}`)));
}

// The period's requests by the agents' tags: the topics answered slowly, not at all, or differently across channels.
function tagSection(r) {
  if (!r.tags?.length) return null;
  const rows = r.tags.map(x => ({ cells: [h('span', { class: 'tag' }, x.tag), x.requests, pct(x.responseRate), dur(x.medianMs), pct(x.withinPolicyShare), x.divergent] }));
  return h('section', { class: 'audit-section', id: 'audit-tags' },
    h('h2', {}, t('audit.tags')),
    h('p', { class: 'muted' }, t('audit.tags.help')),
    table([t('audit.tag'), t('audit.requests'), t('audit.rate'), t('audit.median'), t('audit.withinPolicy'), t('audit.divergent')], rows));
}

function trendSection(r) {
  const box = h('div', { class: 'chart-box' });
  if (r.weeks.length) chart(box, {
    type: 'line', label: t('audit.chart.rates'),
    data: { labels: r.weeks.map(w => day(w.weekStart)), datasets: [
      { label: t('audit.everywhere'), data: r.weeks.map(w => w.answeredEverywhereShare == null ? null : w.answeredEverywhereShare * 100), borderColor: '#2f5bea', spanGaps: true },
      { label: t('audit.consistent'), data: r.weeks.map(w => w.consistentShare == null ? null : w.consistentShare * 100), borderColor: '#2e7d32', spanGaps: true },
      { label: t('audit.rate'), data: r.weeks.map(w => w.responseRate == null ? null : w.responseRate * 100), borderColor: '#b45309', borderDash: [5, 4], spanGaps: true }] },
    options: { scales: { y: { min: 0, max: 100, title: { display: true, text: '%' } } } },
  }).catch(e => box.append(h('p', { class: 'muted' }, e.message)));
  const rows = r.weeks.map(w => ({ cells: [day(w.weekStart), w.requests, pct(w.responseRate), dur(w.medianMs), dur(w.p90Ms), pct(w.withinPolicyShare), w.clusters, pct(w.answeredEverywhereShare), pct(w.consistentShare)] }));
  return h('section', { class: 'audit-section' },
    h('h2', {}, t('audit.trend')),
    r.weeks.length ? [h('h3', {}, t('audit.chart.rates')), box,
      table([t('audit.week'), t('audit.requests'), t('audit.rate'), t('audit.median'), 'p90', t('audit.withinPolicy'), t('audit.clusters.count'), t('audit.everywhere'), t('audit.consistent')], rows)]
      : h('p', { class: 'muted' }, t('audit.none')));
}

function divergenceSection(r) {
  const side = s => h('div', { class: 'div-side' },
    h('div', { class: 'meta' }, channelBadge(s.channel), ' ', s.agent || '', ' · ', dateTime(s.sentAt),
      ' ', h('a', { href: `#/inbox/${s.conversationId}`, class: 'no-print' }, t('audit.open'))),
    h('div', { class: 'body' }, s.text));
  return h('section', { class: 'audit-section' },
    h('h2', {}, t('audit.divergences'), ` (${r.divergences.length})`),
    r.clusters.flagsAvailable ? null : h('p', { class: 'muted' }, t('audit.noFlags')),
    r.divergences.length === 0 ? h('p', { class: 'muted' }, t('audit.none')) :
      r.divergences.map(d => h('div', { class: 'divergence' },
        h('p', { class: 'div-why' }, d.explanation, ' ', h('span', { class: 'tag' }, d.status)),
        h('div', { class: 'div-pair' }, side(d.a), side(d.b)))));
}
