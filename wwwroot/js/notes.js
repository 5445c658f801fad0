// Internal notes in the side panel of the open conversation: what agents tell each other, never sent to the
// customer. Other agents with the conversation open see a new note at once (NoteAdded), and its author's corrections
// or withdrawal (NoteChanged). `n` focuses the note box, Ctrl+Enter adds the note.
import { api } from './api.js';
import { h, clear } from './dom.js';
import { add, t, dateTime, errorText } from './i18n.js';
import { decorators } from './inbox.js';
import { me } from './app.js';
import * as hub from './hub.js';
import { shortcut } from './shortcuts.js';

add({
  en: {
    'notes.title': 'Internal notes', 'notes.help': 'Seen by the team only, never sent to the customer.', 'notes.none': 'No note yet.',
    'notes.placeholder': 'Add a note for the team, @name to tell a colleague…  (n, Ctrl+Enter to add)', 'notes.add': 'Add note', 'notes.redacted': 'Note withdrawn (erasure)',
    'notes.edit': 'Edit', 'notes.withdraw': 'Withdraw', 'notes.save': 'Save', 'notes.cancel': 'Cancel', 'notes.edited': 'edited',
    'notes.withdrawn': 'Note withdrawn by its author', 'notes.confirmWithdraw': 'Withdraw this note? Its text will be gone for everyone.',
  },
  fr: {
    'notes.title': 'Notes internes', 'notes.help': 'Visibles de l’équipe seulement, jamais envoyées au client.', 'notes.none': 'Aucune note.',
    'notes.placeholder': 'Ajouter une note pour l’équipe, @nom pour prévenir un collègue…  (n, Ctrl+Entrée pour ajouter)', 'notes.add': 'Ajouter la note', 'notes.redacted': 'Note retirée (effacement)',
    'notes.edit': 'Modifier', 'notes.withdraw': 'Retirer', 'notes.save': 'Enregistrer', 'notes.cancel': 'Annuler', 'notes.edited': 'modifiée',
    'notes.withdrawn': 'Note retirée par son auteur', 'notes.confirmWithdraw': 'Retirer cette note ? Son texte disparaîtra pour tous.',
  },
});

document.head.append(h('link', { rel: 'stylesheet', href: '/css/notes.css' }));

let shown = null; // { conversationId, list, notes }
let missedPushes = false;
document.addEventListener('hubreconnected', () => { missedPushes = true; });
// Unsent notes per conversation: the panel is redrawn when a message arrives or another conversation is opened.
const drafts = new Map();

decorators.side.push((sideEl, d) => {
  const conversationId = d.conversation.id;
  const list = h('ol', { class: 'notes', id: 'notes' });
  const box = h('textarea', { id: 'note', rows: '2', placeholder: t('notes.placeholder'),
    oninput: e => drafts.set(conversationId, e.target.value),
    onkeydown: e => { if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) { e.preventDefault(); addNote(); } } });
  box.value = drafts.get(conversationId) || '';
  const error = h('div', { class: 'note-error' });
  sideEl.append(h('section', { class: 'notes-panel' },
    h('h4', {}, t('notes.title')), h('p', { class: 'muted small' }, t('notes.help')),
    list, box, error,
    h('button', { class: 'btn', id: 'add-note', type: 'button', onclick: addNote }, t('notes.add'))));
  // The same conversation redrawn (a message arrived) keeps its notes: NoteAdded keeps them current, so they are read
  // only when another conversation opens, or after the connection was lost (notes added meanwhile were not pushed).
  const same = shown?.conversationId === conversationId && !missedPushes;
  shown = { conversationId, list, notes: same ? shown.notes : [] };
  const mine = shown;
  if (!same) {
    missedPushes = false;
    api(`/api/conversations/${conversationId}/notes`).then(notes => {
      if (shown !== mine) return; // another conversation opened meanwhile
      for (const n of notes) if (!mine.notes.some(x => x.id === n.id)) mine.notes.push(n); // one pushed while loading is kept
      mine.notes.sort((a, b) => a.id - b.id);
      draw(mine);
    }).catch(() => {});
  }
  draw(mine);

  async function addNote() {
    const text = box.value.trim();
    if (!text) return;
    clear(error);
    try {
      const note = await api(`/api/conversations/${conversationId}/notes`, { method: 'POST', body: { text } });
      box.value = '';
      drafts.delete(conversationId);
      received(note);
    } catch (e) { error.append(h('div', { class: 'errbox' }, errorText(e))); }
  }
});

// "@ben" set apart in a note's text (the server tells Ben; the same rule as its Mentions.Named).
export function withMentions(text) {
  return text.split(/((?<![\p{L}\p{N}._@-])@[A-Za-z0-9._-]*[A-Za-z0-9])/u).map((part, i) => i % 2 ? h('span', { class: 'mention' }, part) : part);
}

function draw(s) {
  clear(s.list);
  if (s.notes.length === 0) { s.list.append(h('li', { class: 'muted' }, t('notes.none'))); return; }
  for (const n of s.notes) s.list.append(note(s, n));
  s.list.lastElementChild?.scrollIntoView({ block: 'nearest' });
}

// One note; its author may correct it (in place: Ctrl+Enter saves, Esc cancels) or withdraw it.
function note(s, n) {
  const live = !n.redactedAt && !n.withdrawnAt;
  const li = h('li', { class: 'note' + (live ? '' : ' gone'), dataset: { id: n.id } },
    h('div', { class: 'note-meta' }, h('strong', {}, n.agentName || ''), ' · ', h('time', {}, dateTime(n.createdAt)),
      n.editedAt && live ? h('span', { class: 'note-edited', title: dateTime(n.editedAt) }, ' · ' + t('notes.edited')) : null,
      live && n.agentId === me.id ? h('span', { class: 'note-actions' },
        h('button', { class: 'link note-edit', type: 'button', onclick: () => edit() }, t('notes.edit')),
        h('button', { class: 'link note-withdraw', type: 'button', onclick: () => withdraw() }, t('notes.withdraw'))) : null),
    n.redactedAt ? h('div', { class: 'muted' }, t('notes.redacted'))
      : n.withdrawnAt ? h('div', { class: 'muted' }, t('notes.withdrawn'))
      : h('div', { class: 'note-text' }, withMentions(n.text)));
  return li;

  function edit() {
    const box = h('textarea', { class: 'note-edit-box', rows: '3' });
    box.value = n.text;
    const error = h('div', { class: 'note-error' });
    const save = async () => {
      try { changed(await api(`/api/conversations/${n.conversationId}/notes/${n.id}`, { method: 'PUT', body: { text: box.value } })); }
      catch (e) { error.textContent = errorText(e); }
    };
    box.addEventListener('keydown', e => {
      if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) { e.preventDefault(); save(); }
      if (e.key === 'Escape') { e.preventDefault(); e.stopPropagation(); draw(s); }
    });
    li.querySelector('.note-text').replaceWith(h('div', { class: 'note-editing' }, box, error,
      h('button', { class: 'btn small note-save', type: 'button', onclick: save }, t('notes.save')), ' ',
      h('button', { class: 'btn ghost small', type: 'button', onclick: () => draw(s) }, t('notes.cancel'))));
    box.focus();
  }

  async function withdraw() {
    if (!window.confirm(t('notes.confirmWithdraw'))) return;
    try { changed(await api(`/api/conversations/${n.conversationId}/notes/${n.id}`, { method: 'DELETE' })); } catch { /* gone already: NoteChanged says so */ }
  }
}

function received(n) {
  if (!shown || shown.conversationId !== n.conversationId || shown.notes.some(x => x.id === n.id)) return;
  shown.notes.push(n);
  draw(shown);
}

// Corrected or withdrawn, here or by its author elsewhere.
function changed(n) {
  if (!shown || shown.conversationId !== n.conversationId) return;
  const i = shown.notes.findIndex(x => x.id === n.id);
  if (i < 0) return;
  shown.notes[i] = n;
  draw(shown);
}

hub.on('NoteAdded', received);
hub.on('NoteChanged', changed);

shortcut('n', () => {
  const box = document.getElementById('note');
  if (!box) return false;
  box.focus();
});
