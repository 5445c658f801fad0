// Boot: who am I, language, navigation between views, the live connection.
import { api } from './api.js';
import { h, clear } from './dom.js';
import { t, lang, setLang } from './i18n.js';
import * as hub from './hub.js';
import * as inbox from './inbox.js';

/** Views by route name. Lead-only views declare minRole; feature modules add themselves with addView(). */
const views = { inbox: { label: 'nav.inbox', mount: el => { inbox.mount(el); inbox.load(); }, keydown: inbox.keydown, tick: inbox.tick } };
const rank = { agent: 1, lead: 2, admin: 3 };
export function addView(name, view) { views[name] = view; }
/** Buttons of the header's user area that features add (each a function returning a node), drawn before the agent's menu. */
export const userItems = [];
/** Items of the agent's own menu (their name in the header: signature, password), each a function returning a button; "log out" comes last. */
export const accountItems = [];
export let me = null;

async function boot() {
  try { me = await api('/api/auth/me'); } catch { return; }
  document.documentElement.lang = lang;
  await Promise.all([import('./features.js').catch(() => null)]);
  renderChrome();
  await hub.start(status);
  route();
  window.addEventListener('hashchange', route);
  document.addEventListener('keydown', e => current()?.keydown?.(e));
  document.addEventListener('langchange', () => { renderChrome(); route(); });
  setInterval(() => current()?.tick?.(), 1000);
}

function current() { return views[(location.hash.split('/')[1] || 'inbox')]; }

function renderChrome() {
  const nav = clear(document.getElementById('nav'));
  for (const [name, v] of Object.entries(views)) {
    if (v.minRole && rank[me.role] < rank[v.minRole]) continue;
    nav.append(h('a', { href: `#/${name}`, class: 'nav-link', 'data-view': name }, t(v.label)));
  }
  const user = clear(document.getElementById('user'));
  user.append(
    h('select', { id: 'lang', 'aria-label': 'Language', onchange: e => setLang(e.target.value) },
      h('option', { value: 'en', selected: lang === 'en' }, 'English'), h('option', { value: 'fr', selected: lang === 'fr' }, 'Français')),
    ...userItems.map(f => f()),
    accountMenu());
}

// The agent's name opens their own settings: one entry in the header instead of a button each.
function accountMenu() {
  const menu = h('details', { class: 'account', id: 'account' },
    h('summary', { class: 'me', title: t('nav.account') }, me.displayName),
    h('div', { class: 'account-menu', role: 'menu' }, h('div', { class: 'account-who' }, `${me.username} · ${t('role.' + me.role)}`), ...accountItems.map(f => f()),
      // Last in the menu: the header keeps its room for the views (a lead's or an admin's are many).
      h('button', { class: 'btn ghost', id: 'logout', onclick: async () => { await api('/api/auth/logout', { method: 'POST' }); location.href = '/login.html'; } }, t('nav.logout'))));
  // A choice closes the menu; so does a click anywhere else.
  menu.addEventListener('click', e => { if (e.target.closest('.account-menu button')) menu.open = false; });
  document.addEventListener('click', e => { if (!menu.contains(e.target)) menu.open = false; });
  return menu;
}

function route() {
  const [, name = 'inbox', id] = location.hash.split('/');
  const view = views[name] && !(views[name].minRole && rank[me.role] < rank[views[name].minRole]) ? views[name] : views.inbox;
  document.querySelectorAll('.nav-link').forEach(a => a.classList.toggle('on', a.dataset.view === name));
  const main = clear(document.getElementById('main'));
  main.className = 'view-' + (views[name] ? name : 'inbox');
  view.mount(main);
  if (view === views.inbox && id) inbox.open(Number(id));
}

// While the tab is in the background, its title counts the customers' messages that arrived ("(3) Inbox"), as
// mail clients do; looking at the tab again clears it.
let unseen = 0;
const baseTitle = document.title;
hub.on('MessageArrived', m => {
  if (!document.hidden || m.direction !== 'in') return;
  unseen++;
  document.title = `(${unseen}) ${baseTitle}`;
});
document.addEventListener('visibilitychange', () => {
  if (document.hidden || !unseen) return;
  unseen = 0;
  document.title = baseTitle;
});

function status(text, bad) {
  const el = document.getElementById('status');
  el.textContent = text;
  el.className = bad ? 'status-bar bad' : 'status-bar';
  if (!bad) setTimeout(() => { el.textContent = ''; }, 2000);
}

boot();
