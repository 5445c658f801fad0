// Admin security tools: the audit log (read + CSV export) as a view, and the customer erasure button in the
// inbox's customer panel. The server enforces the admin role; the UI only hides what would be refused.
import { api } from './api.js';
import { h, clear } from './dom.js';
import { t, add, dateTime } from './i18n.js';
import { addView, me } from './app.js';
import { decorators, open } from './inbox.js';

add({
  en: {
    'nav.security': 'Security', 'sec.audit': 'Audit log', 'sec.export': 'Export CSV', 'sec.more': 'Older entries',
    'sec.at': 'When', 'sec.agent': 'Agent', 'sec.action': 'Action', 'sec.target': 'Target', 'sec.details': 'Details',
    'sec.erase': 'Erase customer data', 'sec.eraseConfirm': 'Erase every message, attachment and identity detail of {name}? This cannot be undone.',
    'sec.erased': 'Customer data erased ({n} messages redacted).', 'sec.eraseFailed': 'Erasure failed: {reason}',
    'sec.noAppend': 'The audit log is append-only: entries cannot be edited or deleted.',
  },
  fr: {
    'nav.security': 'Sécurité', 'sec.audit': "Journal d'audit", 'sec.export': 'Exporter en CSV', 'sec.more': 'Entrées plus anciennes',
    'sec.at': 'Quand', 'sec.agent': 'Agent', 'sec.action': 'Action', 'sec.target': 'Cible', 'sec.details': 'Détails',
    'sec.erase': 'Effacer les données du client', 'sec.eraseConfirm': 'Effacer tous les messages, pièces jointes et identités de {name} ? Action irréversible.',
    'sec.erased': 'Données du client effacées ({n} messages masqués).', 'sec.eraseFailed': "Échec de l'effacement : {reason}",
    'sec.noAppend': "Le journal d'audit est en ajout seul : aucune entrée ne peut être modifiée ni supprimée.",
  },
});

addView('security', { label: 'nav.security', minRole: 'admin', mount });

async function mount(el) {
  const body = h('tbody', { id: 'audit-rows' });
  const more = h('button', { class: 'btn ghost', id: 'audit-more', type: 'button' }, t('sec.more'));
  el.append(h('section', { class: 'security-view' },
    h('header', { class: 'thread-head' }, h('h2', {}, t('sec.audit')),
      h('a', { class: 'btn', id: 'audit-export', href: '/api/admin/audit/export', download: 'audit.csv' }, t('sec.export'))),
    h('p', { class: 'muted' }, t('sec.noAppend')),
    h('table', { class: 'audit' },
      h('thead', {}, h('tr', {}, ['sec.at', 'sec.agent', 'sec.action', 'sec.target', 'sec.details'].map(k => h('th', {}, t(k))))),
      body),
    more));
  let before = null;
  async function page() {
    const q = new URLSearchParams({ limit: '100' });
    if (before) q.set('before', before);
    const rows = await api('/api/admin/audit?' + q);
    for (const e of rows) body.append(h('tr', {},
      h('td', {}, dateTime(e.at)), h('td', {}, e.agentName || ''), h('td', {}, e.action), h('td', {}, e.target || ''),
      h('td', { class: 'details' }, e.details || '')));
    before = rows.length ? rows[rows.length - 1].id : before;
    more.hidden = rows.length < 100;
  }
  more.addEventListener('click', page);
  await page();
}

decorators.side.push((side, d) => {
  if (me.role !== 'admin') return;
  const out = h('p', { class: 'erase-error' });
  side.append(h('button', { class: 'btn danger', id: 'erase-customer', type: 'button', onclick: async () => {
    if (!window.confirm(t('sec.eraseConfirm', { name: d.customer.displayName }))) return;
    clear(out);
    try {
      const r = await api(`/api/admin/customers/${d.customer.id}/erase`, { method: 'POST', body: { confirm: true } });
      await open(d.conversation.id);
      document.getElementById('side')?.append(h('p', { class: 'erase-result', id: 'erase-result' }, t('sec.erased', { n: r.messages })));
    } catch (e) { out.append(h('span', { class: 'errbox' }, t('sec.eraseFailed', { reason: e.message }))); }
  } }, t('sec.erase')), out);
});
