// Saved views: the list's filters kept under a name (channel, status, assignee, tag, unread, search), one click or
// one key (1–9) away, each with how many conversations it finds for this agent. A lead may share one with the team.
import { api } from './api.js';
import { h, clear } from './dom.js';
import { add, t, errorText } from './i18n.js';
import { decorators, filterQuery, applyFilters } from './inbox.js';
import { me } from './app.js';
import { shortcut } from './shortcuts.js';
import * as hub from './hub.js';

add({
  en: {
    'views.title': 'Saved views', 'views.save': '+ Save view', 'views.name': 'Name of the view', 'views.share': 'Share with the team',
    'views.ok': 'Save', 'views.cancel': 'Cancel', 'views.delete': 'Delete the view “{name}”', 'views.shared': 'Shared by {owner}',
    'views.many': '999+', 'views.team': 'team',
  },
  fr: {
    'views.title': 'Vues enregistrées', 'views.save': '+ Enregistrer la vue', 'views.name': 'Nom de la vue', 'views.share': 'Partager avec l’équipe',
    'views.ok': 'Enregistrer', 'views.cancel': 'Annuler', 'views.delete': 'Supprimer la vue « {name} »', 'views.shared': 'Partagée par {owner}',
    'views.many': '999+', 'views.team': 'équipe',
  },
});
document.head.append(h('link', { rel: 'stylesheet', href: '/css/views.css' }));

let views = [];
let bar = null;
let form = null; // the "save view" form while it is open: kept across a redraw of the list's filters

// Two queries name the same filters when they have the same non-empty values (in any order).
const key = q => [...new URLSearchParams(q)].filter(([, v]) => v && v !== 'false').map(([k, v]) => `${k}=${k === 'tag' ? v.toLowerCase() : v}`).sort().join('&');

decorators.filters.push(filters => {
  bar = h('div', { class: 'views', id: 'views', role: 'toolbar', 'aria-label': t('views.title') });
  filters.prepend(bar);
  draw();
});

async function refresh() {
  try { views = await api('/api/views'); } catch { return; }
  draw();
}

function draw() {
  if (!bar?.isConnected) return;
  const now = key(filterQuery());
  clear(bar).append(
    ...views.map((v, i) => h('span', { class: 'view' + (key(v.query) === now ? ' on' : ''), dataset: { id: v.id } },
      h('button', { class: 'view-open', type: 'button', title: (v.shared ? t('views.shared', { owner: v.ownerName }) + ' · ' : '') + (i < 9 ? `${i + 1}` : ''),
        onclick: () => applyFilters(new URLSearchParams(v.query)) },
        v.shared ? h('span', { class: 'view-shared-mark' }, t('views.team')) : null, v.name, h('span', { class: 'view-count' }, v.count >= 1000 ? t('views.many') : String(v.count))),
      v.ownerId === me.id || (v.shared && me.role !== 'agent')
        ? h('button', { class: 'view-x', type: 'button', title: t('views.delete', { name: v.name }), 'aria-label': t('views.delete', { name: v.name }), onclick: () => remove(v) }, '×')
        : null)),
    form ?? h('button', { class: 'btn ghost view-new', id: 'view-new', type: 'button', onclick: open }, t('views.save')));
}

function open() {
  const name = h('input', { id: 'view-name', maxlength: '60', placeholder: t('views.name'), 'aria-label': t('views.name') });
  const share = me.role === 'agent' ? null : h('input', { type: 'checkbox', id: 'view-shared' });
  const error = h('span', { class: 'view-error', id: 'view-error' });
  const close = () => { form = null; draw(); };
  form = h('form', { class: 'view-form', id: 'view-form', onsubmit: async e => {
    e.preventDefault();
    try {
      const saved = await api('/api/views', { method: 'POST', body: { name: name.value, query: filterQuery().toString(), shared: share?.checked ?? false } });
      views = [...views.filter(v => v.id !== saved.id), saved];
      close();
      refresh(); // in the server's order
    } catch (err) { error.textContent = errorText(err); }
  } },
    name, share ? h('label', { class: 'toggle' }, share, ' ', t('views.share')) : null,
    h('button', { class: 'btn primary', id: 'view-save', type: 'submit' }, t('views.ok')),
    h('button', { class: 'btn ghost', type: 'button', onclick: close }, t('views.cancel')), error);
  name.addEventListener('keydown', e => { if (e.key === 'Escape') { e.preventDefault(); e.stopPropagation(); close(); } });
  draw();
  name.focus();
}

async function remove(v) {
  try { await api(`/api/views/${v.id}`, { method: 'DELETE' }); } catch { /* already gone: the list below says so */ }
  refresh();
}

// Which view is on follows the filters; the counts follow the conversations, asked again at most every 15 s while
// this tab is in sight (not once per change: under heavy intake changes arrive every few milliseconds).
document.addEventListener('listloaded', draw);
let countsDue = 0;
hub.on('ConversationChanged', () => {
  if (countsDue || document.hidden) return;
  countsDue = setTimeout(() => { countsDue = 0; refresh(); }, 15_000);
});
document.addEventListener('hubreconnected', refresh);

for (let n = 1; n <= 9; n++)
  shortcut(String(n), () => {
    if (!bar?.isConnected || !views[n - 1]) return false;
    applyFilters(new URLSearchParams(views[n - 1].query));
  });

refresh();
