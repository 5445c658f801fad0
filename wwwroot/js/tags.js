// Conversation tags: chips on each list row, an editor in the thread header (type and Enter to add, × to remove,
// suggestions from the tags in use), and a list filter: click a tag to see only its conversations.
import { api } from './api.js';
import { h } from './dom.js';
import { add, t, errorText } from './i18n.js';
import { decorators, listFilters, load, mount } from './inbox.js';
import * as hub from './hub.js';
import { me } from './app.js';

add({
  en: { 'tags.rename': 'Rename', 'tags.renameHelp': 'Rename this tag on every conversation (or merge it into another): Enter to apply, Esc to cancel', 'tags.add': 'Add a tag…', 'tags.remove': 'Remove the tag {tag}', 'tags.filter': 'Only conversations tagged {tag}', 'tags.clear': 'Show every tag' },
  fr: { 'tags.rename': 'Renommer', 'tags.renameHelp': 'Renommer cette étiquette partout (ou la fondre dans une autre) : Entrée pour appliquer, Échap pour annuler', 'tags.add': 'Ajouter une étiquette…', 'tags.remove': 'Retirer l’étiquette {tag}', 'tags.filter': 'Seulement les conversations étiquetées {tag}', 'tags.clear': 'Toutes les étiquettes' },
});

document.head.append(h('link', { rel: 'stylesheet', href: '/css/tags.css' }));

// The tag the list is filtered by, kept across reloads like the rest of the queue.
let active = localStorage.getItem('inbox.tag') || '';

function keep(tag) {
  active = tag;
  if (tag) localStorage.setItem('inbox.tag', tag); else localStorage.removeItem('inbox.tag');
}

function filterBy(tag) {
  keep(tag);
  mount(document.querySelector('#main'));
  load();
}

listFilters.push({
  query: q => { if (active) q.set('tag', active); },
  restore: q => keep(q.get('tag') || ''),
  match: c => !active || (c.tags || []).includes(active),
});

decorators.filters.push(filters => {
  if (!active) return;
  filters.append(h('div', { class: 'tag-filter' }, t('tags.filter', { tag: '' }),
    h('span', { class: 'ctag on', id: 'tag-filter' }, active),
    h('button', { class: 'btn ghost', type: 'button', id: 'tag-filter-clear', title: t('tags.clear'), onclick: () => filterBy('') }, '×'),
    me?.role === 'agent' ? null : h('button', { class: 'btn ghost', type: 'button', id: 'tag-rename', title: t('tags.renameHelp'), onclick: e => rename(e.target) }, t('tags.rename'))));
});

// Leads tidy tags: the filter's tag renamed on every conversation (or merged into one that exists), then filtered by its new name.
function rename(button) {
  const input = h('input', { id: 'tag-rename-to', value: active, 'aria-label': t('tags.renameHelp'), maxlength: '30' });
  const error = h('span', { class: 'tag-error' });
  button.replaceWith(input, error);
  input.focus();
  input.select();
  input.addEventListener('keydown', async e => {
    if (e.key === 'Escape') { e.preventDefault(); e.stopPropagation(); mount(document.querySelector('#main')); load(); return; }
    if (e.key !== 'Enter') return;
    e.preventDefault();
    try {
      const r = await api('/api/tags/rename', { method: 'POST', body: { from: active, to: input.value } });
      filterBy(r.to);
    } catch (err) { error.textContent = errorText(err); }
  });
}

decorators.row.push((li, c) => {
  if (!c.tags?.length) return;
  li.querySelector('.conv-tags')?.append(...c.tags.map(tag => h('button', {
    class: 'ctag' + (tag === active ? ' on' : ''), type: 'button', title: t('tags.filter', { tag }),
    onclick: e => { e.stopPropagation(); filterBy(tag === active ? '' : tag); },
  }, tag)));
});

// The editor under the thread's header. Its chips are redrawn when this conversation's tags change (here or by another
// agent); the input stays, with whatever is being typed in it.
let shown = null; // { d, chips, error }
// Edits go one after the other, each applied to the tags as the previous one left them: two quick Enters keep both.
let saving = Promise.resolve();

function tagEditor(threadEl, d) {
  const head = threadEl.querySelector('.thread-head');
  if (!head) return;
  const list = h('datalist', { id: 'tag-suggestions' });
  const input = h('input', { id: 'tag-input', class: 'tag-input', placeholder: t('tags.add'), list: 'tag-suggestions', maxlength: '30', autocomplete: 'off',
    onfocus: async () => {
      if (list.children.length) return;
      try { list.append(...(await api('/api/tags')).map(x => h('option', { value: x.tag }))); } catch { /* suggestions only */ }
    },
    onkeydown: e => {
      if (e.key !== 'Enter') return;
      e.preventDefault();
      const tag = input.value.trim().toLowerCase();
      input.value = '';
      if (tag) edit(d, tags => tags.includes(tag) ? tags : [...tags, tag]);
    } });
  const chips = h('span', { class: 'chips-of-tags', id: 'tag-chips' });
  const error = h('span', { class: 'tag-error', id: 'tag-error' });
  head.after(h('div', { class: 'thread-tags', id: 'thread-tags' }, chips, input, list, error));
  shown = { d, chips, error };
  drawChips();
}

function drawChips() {
  const { d, chips } = shown;
  const tags = d.conversation.tags || [];
  chips.dataset.tags = String(tags);
  chips.replaceChildren(...tags.map(tag => h('span', { class: 'ctag' }, tag,
    h('button', { type: 'button', class: 'ctag-x', title: t('tags.remove', { tag }), 'aria-label': t('tags.remove', { tag }),
      onclick: () => edit(d, now => now.filter(x => x !== tag)) }, '×'))));
}

function edit(d, change) {
  saving = saving.then(async () => {
    const id = d.conversation.id;
    try {
      const view = await api(`/api/conversations/${id}/tags`, { method: 'PUT', body: { tags: change([...(d.conversation.tags || [])]) } });
      if (d.conversation.id === id) d.conversation = view;
      if (shown?.d === d) { shown.error.textContent = ''; drawChips(); }
    } catch (e) { if (shown?.d === d) shown.error.textContent = errorText(e); }
  });
}

decorators.thread.push(tagEditor);

// Another agent tagged the open conversation: inbox.js has put the new row into the open detail; show its tags.
hub.on('ConversationChanged', c => {
  if (shown?.d.conversation.id === c.id && shown.chips.isConnected && String(c.tags || []) !== shown.chips.dataset.tags) drawChips();
});
