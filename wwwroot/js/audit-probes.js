// Probe campaigns: the brand's own mystery testers. Their scorecard in the report, and the campaigns form.
import { api } from './api.js';
import { h, clear, channelBadge } from './dom.js';
import { t, dateTime } from './i18n.js';
import { pct, dur, table, kpi } from './audit-format.js';

export function probeSection(p) {
  return h('section', { class: 'audit-section' },
    h('h2', {}, t('probe.title')),
    !p ? h('p', { class: 'muted' }, t('probe.none')) : [
      h('p', { class: 'muted' }, t('probe.campaigns', { list: p.campaigns.join(', ') })),
      h('div', { class: 'kpis' },
        kpi(t('audit.requests'), p.overall.requests, `${t('audit.rate')} ${pct(p.overall.responseRate)}`),
        kpi(t('audit.median'), dur(p.overall.medianMs), `p90 ${dur(p.overall.p90Ms)}`),
        kpi(t('audit.withinPolicy'), pct(p.overall.withinPolicyShare), `${p.overall.withinPolicy} / ${p.overall.requests}`),
        kpi(t('audit.everywhere'), pct(p.clusters.answeredEverywhereShare), `${p.clusters.answeredEverywhere} / ${p.clusters.clusters}`),
        kpi(t('audit.consistent'), p.clusters.flagsAvailable ? pct(p.clusters.consistentShare) : '—', ''),
        kpi(t('grid.score'), pct(p.grid.averageScore), t('grid.answersN', { n: p.grid.answers }))),
      table([t('audit.channel'), t('audit.requests'), t('audit.answered'), t('audit.median'), t('audit.withinPolicy')],
        p.channels.map(c => ({ cells: [channelBadge(c.channel), c.requests, c.answered, dur(c.medianMs), pct(c.withinPolicyShare)] })))]);
}

/** "email: a@b.c" per line (or a bare value, guessed: @handle, +phone, address with @). */
export function parseIdentities(text) {
  return text.split('\n').map(l => l.trim()).filter(Boolean).map(l => {
    const m = l.match(/^(email|phone|handle|external)\s*[:=]\s*(.+)$/i);
    if (m) return { kind: m[1].toLowerCase(), value: m[2].trim() };
    if (l.startsWith('@')) return { kind: 'handle', value: l };
    if (l.includes('@')) return { kind: 'email', value: l };
    if (/^\+?[\d\s.-]{6,}$/.test(l)) return { kind: 'phone', value: l };
    return { kind: 'external', value: l };
  });
}

export function campaignsSection(reload) {
  const list = h('div', {});
  const msg = h('p', { class: 'muted', role: 'status' });
  const name = h('input', { type: 'text', required: true, placeholder: t('probe.name') });
  const starts = h('input', { type: 'date' }), ends = h('input', { type: 'date' });
  const ids = h('textarea', { rows: 4, placeholder: 'email: tester1@example.com\nhandle: @tester_x\nphone: +33 6 12 34 56 78\nexternal: 6029384756' });
  const dateMs = (v, plusDay) => v ? Date.parse(v + 'T00:00:00Z') + (plusDay ? 864e5 : 0) : null;
  const form = h('form', { class: 'campaign-form', onsubmit: async e => {
    e.preventDefault();
    try {
      await api('/api/audit/campaigns', { method: 'POST', body: { name: name.value, startsAt: dateMs(starts.value), endsAt: dateMs(ends.value, true), identities: parseIdentities(ids.value) } });
      reload();
    } catch (err) { msg.textContent = err.message; }
  } },
    h('label', {}, t('probe.name'), name), h('label', {}, t('audit.from'), starts), h('label', {}, t('audit.to'), ends),
    h('label', { class: 'wide' }, t('probe.identities'), ids),
    h('button', { class: 'btn primary', type: 'submit' }, t('probe.create')), msg);
  api('/api/audit/campaigns').then(cs => clear(list).append(...(cs.length === 0 ? [h('p', { class: 'muted' }, t('probe.noCampaign'))] : cs.map(c => campaign(c, reload)))))
    .catch(e => list.append(h('p', { class: 'bad' }, e.message)));
  return h('section', { class: 'audit-section no-print' },
    h('h2', {}, t('probe.manage')), h('p', { class: 'muted' }, t('probe.help')), list, h('h3', {}, t('probe.new')), form);
}

function campaign(c, reload) {
  const more = h('textarea', { rows: 2, placeholder: t('probe.identities') });
  const span = [c.startsAt ? dateTime(c.startsAt) : '…', c.endsAt ? dateTime(c.endsAt) : '…'].join(' → ');
  return h('div', { class: 'campaign' + (c.archivedAt ? ' archived' : '') },
    h('strong', {}, c.name), ' ', h('span', { class: 'muted' }, span), c.archivedAt ? h('span', { class: 'tag' }, t('probe.archived')) : null,
    h('ul', {}, c.identities.map(i => h('li', {}, `${i.kind}: ${i.value}`))),
    probeLinks(c.id),
    c.archivedAt ? null : h('div', { class: 'row' }, more,
      h('button', { class: 'btn', onclick: async () => { await api(`/api/audit/campaigns/${c.id}/identities`, { method: 'POST', body: { identities: parseIdentities(more.value) } }); reload(); } }, t('probe.add')),
      h('button', { class: 'btn ghost', onclick: async () => { await api(`/api/audit/campaigns/${c.id}/archive`, { method: 'POST' }); reload(); } }, t('probe.archive'))));
}

/** The conversations tagged as probes of this campaign, for leads only (agents are not told). */
function probeLinks(id) {
  const el = h('div', { class: 'muted small' });
  api(`/api/audit/campaigns/${id}/conversations`).then(ids => el.append(t('probe.tagged', { n: ids.length }), ' ',
    ...ids.slice(0, 50).flatMap(c => [h('a', { href: `#/inbox/${c}` }, `#${c}`), ' ']))).catch(() => {});
  return el;
}
