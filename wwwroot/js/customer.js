// The customer's name in the side panel: an agent gives it ("bluefox42" is Marie Dubois). Saved for every agent, who
// see it on every row of that customer at once (the server pushes them). Under it, the team's note on the customer
// ("prefers calls in the afternoon"), the same in each of their conversations; saved when the field is left or on
// Ctrl+Enter, and followed live in a colleague's panel (unless they are typing in it: then saving shows both notes and
// the agent keeps theirs or takes the colleague's).
import { api } from './api.js';
import { h } from './dom.js';
import { add, t, errorText } from './i18n.js';
import { decorators } from './inbox.js';
import * as hub from './hub.js';

add({
  en: { 'cust.rename': 'Rename', 'cust.renameHelp': 'Give this customer their name (Enter saves, Esc cancels)',
    'cust.note': 'Note on this customer', 'cust.notePlaceholder': 'What the team should know in each of their conversations', 'cust.noteSaved': 'Saved.',
    'cust.noteTheirs': 'A colleague changed this note meanwhile. Theirs:', 'cust.keepMine': 'Keep mine', 'cust.takeTheirs': 'Take theirs' },
  fr: { 'cust.rename': 'Renommer', 'cust.renameHelp': 'Donner son nom à ce client (Entrée enregistre, Échap annule)',
    'cust.note': 'Note sur ce client', 'cust.notePlaceholder': 'Ce que l’équipe doit savoir dans chacune de ses conversations', 'cust.noteSaved': 'Enregistré.',
    'cust.noteTheirs': 'Un collègue a modifié cette note entre-temps. La sienne :', 'cust.keepMine': 'Garder la mienne', 'cust.takeTheirs': 'Prendre la sienne' },
});

let shown = null; // { d, nameEl }

decorators.side.push((side, d) => {
  const nameEl = side.querySelector('.cust-name');
  if (!nameEl) return;
  shown = { d, nameEl };
  const button = h('button', { class: 'btn ghost small', id: 'customer-rename', type: 'button', title: t('cust.renameHelp'), onclick: () => edit(d, nameEl, button) }, t('cust.rename'));
  nameEl.after(button);
  button.after(noteField(d));
});

let noteShown = null; // { d, area, set }

hub.on('CustomerNoteChanged', n => {
  if (!noteShown?.area.isConnected || noteShown.d.customer.id !== n.customerId || document.activeElement === noteShown.area) return;
  noteShown.set(n.note);
});

function noteField(d) {
  const status = h('span', { class: 'customer-note-status muted', id: 'customer-note-status', role: 'status' });
  const area = h('textarea', { id: 'customer-note', class: 'customer-note', rows: '2', maxlength: '2000', placeholder: t('cust.notePlaceholder'), 'aria-label': t('cust.note') },
    d.customer.note || '');
  let saved = d.customer.note || '';
  // Saved over the note this page last had: a colleague's change since comes back (409) for the agent to choose.
  const save = async () => {
    if (area.value.trim() === saved.trim()) return;
    try {
      const r = await api(`/api/customers/${d.customer.id}/note`, { method: 'PUT', body: { note: area.value, previous: saved } });
      saved = r.note || '';
      d.customer = { ...d.customer, note: r.note };
      status.replaceChildren(t('cust.noteSaved'));
      status.className = 'customer-note-status muted';
    } catch (err) {
      status.className = 'customer-note-status tag-error';
      if (err.status !== 409 || !err.data || !('note' in err.data)) { status.replaceChildren(errorText(err)); return; }
      const theirs = err.data.note || '';
      status.replaceChildren(t('cust.noteTheirs'), ' ', h('q', { id: 'customer-note-theirs' }, theirs), ' ',
        h('button', { class: 'btn ghost small', type: 'button', id: 'customer-note-mine', onclick: () => { saved = theirs; save(); } }, t('cust.keepMine')), ' ',
        h('button', { class: 'btn ghost small', type: 'button', id: 'customer-note-take', onclick: () => { noteShown?.set(theirs); status.replaceChildren(); } }, t('cust.takeTheirs')));
    }
  };
  area.addEventListener('change', save);
  noteShown = { d, area, set: note => { saved = note || ''; area.value = saved; d.customer = { ...d.customer, note }; } };
  area.addEventListener('keydown', e => { if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) { e.preventDefault(); save(); } });
  return h('div', { class: 'customer-note-box' }, h('label', { for: 'customer-note', class: 'muted small' }, t('cust.note')), area, status);
}

// The name's line is swapped for a field while the agent types; the name itself stays plain text.
function edit(d, nameEl, button) {
  const input = h('input', { id: 'customer-name', value: d.customer.displayName, maxlength: '120', 'aria-label': t('cust.renameHelp') });
  const error = h('span', { class: 'tag-error', id: 'customer-name-error' });
  const form = h('div', { class: 'customer-name-form' }, input, error);
  const done = () => { form.remove(); nameEl.hidden = button.hidden = false; };
  nameEl.hidden = button.hidden = true;
  button.after(form);
  input.focus();
  input.select();
  input.addEventListener('keydown', async e => {
    if (e.key === 'Escape') { e.preventDefault(); e.stopPropagation(); done(); return; }
    if (e.key !== 'Enter') return;
    e.preventDefault();
    try {
      d.customer = { ...d.customer, ...(await api(`/api/customers/${d.customer.id}`, { method: 'PUT', body: { displayName: input.value } })) };
      nameEl.textContent = d.customer.displayName;
      done();
    } catch (err) { error.textContent = errorText(err); }
  });
}

// Renamed by a colleague while this panel shows the customer: the panel follows.
hub.on('ConversationChanged', c => {
  if (!shown?.nameEl.isConnected || shown.d.customer.id !== c.customerId || c.customerName === shown.d.customer.displayName) return;
  shown.d.customer = { ...shown.d.customer, displayName: c.customerName };
  shown.nameEl.textContent = c.customerName;
});
