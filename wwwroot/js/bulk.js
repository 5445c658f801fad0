// Several conversations at once: a checkbox on each row (or `x` on the open one) selects it, and the bar above the
// list assigns the selection to me, closes, reopens or marks it as spam. Each change goes through the same API as one at a time, so
// it is checked, audited and pushed to every agent the same way.
import { api } from './api.js';
import { me } from './app.js';
import { h } from './dom.js';
import { add, t, errorText } from './i18n.js';
import { decorators } from './inbox.js';
import { shortcut } from './shortcuts.js';

add({
  en: { 'bulk.selected': '{n} selected', 'bulk.assignMe': 'Assign to me', 'bulk.close': 'Close', 'bulk.reopen': 'Reopen', 'bulk.spam': 'Spam', 'bulk.clear': 'Clear', 'bulk.pick': 'Select (x)', 'bulk.failed': '{n} could not be changed: {error}' },
  fr: { 'bulk.selected': '{n} sélectionnée(s)', 'bulk.assignMe': 'M’assigner', 'bulk.close': 'Fermer', 'bulk.reopen': 'Rouvrir', 'bulk.spam': 'Indésirables', 'bulk.clear': 'Désélectionner', 'bulk.pick': 'Sélectionner (x)', 'bulk.failed': '{n} n’ont pas pu être modifiées : {error}' },
});

const picked = new Set();
let bar = null;

decorators.filters.push(filters => {
  bar = h('div', { class: 'bulk-bar', id: 'bulk-bar', hidden: true });
  filters.append(bar);
  drawBar();
});

decorators.row.push((li, c) => {
  const box = h('input', { type: 'checkbox', class: 'bulk-pick', title: t('bulk.pick'), 'aria-label': t('bulk.pick'), checked: picked.has(c.id),
    onclick: e => { e.stopPropagation(); toggle(c.id, e.target.checked); } });
  li.querySelector('.conv-top')?.prepend(box);
});

function toggle(id, on) {
  if (on) picked.add(id); else picked.delete(id);
  document.querySelectorAll(`#conv-list .conv[data-id="${id}"] .bulk-pick`).forEach(b => { b.checked = on; });
  drawBar();
}

function drawBar(message) {
  if (!bar) return;
  bar.hidden = picked.size === 0 && !message;
  bar.replaceChildren(...[
    picked.size ? h('strong', { id: 'bulk-count' }, t('bulk.selected', { n: picked.size })) : null,
    picked.size ? [
      h('button', { class: 'btn', type: 'button', id: 'bulk-assign', onclick: () => apply(id => api(`/api/conversations/${id}/assignee`, { method: 'POST', body: { agentId: me.id } })) }, t('bulk.assignMe')),
      h('button', { class: 'btn', type: 'button', id: 'bulk-close', onclick: () => apply(id => api(`/api/conversations/${id}/status`, { method: 'POST', body: { status: 'closed' } })) }, t('bulk.close')),
      h('button', { class: 'btn', type: 'button', id: 'bulk-reopen', onclick: () => apply(id => api(`/api/conversations/${id}/status`, { method: 'POST', body: { status: 'open' } })) }, t('bulk.reopen')),
      // Spam without blocking (a block is a decision about one sender, taken in the conversation).
      h('button', { class: 'btn', type: 'button', id: 'bulk-spam', onclick: () => apply(id => api(`/api/conversations/${id}/spam`, { method: 'POST', body: { block: false } })) }, t('bulk.spam')),
      h('button', { class: 'btn ghost', type: 'button', id: 'bulk-clear', onclick: () => { for (const id of [...picked]) toggle(id, false); } }, t('bulk.clear')),
    ] : null,
    message ? h('span', { class: 'errbox' }, message) : null,
  ].flat().filter(Boolean));
}

/** One request per conversation, one after the other; those that fail stay selected and the bar says why. */
async function apply(change) {
  let failed = 0, error = '';
  for (const id of [...picked]) {
    try { await change(id); toggle(id, false); }
    catch (e) { failed++; error = errorText(e); }
  }
  drawBar(failed ? t('bulk.failed', { n: failed, error }) : undefined);
}

shortcut('x', () => {
  const open = document.querySelector('#conv-list .conv.selected');
  if (!open) return false;
  const id = Number(open.dataset.id);
  toggle(id, !picked.has(id));
});
