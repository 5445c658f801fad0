// Internal notes in the side panel of the open conversation: what agents tell each other, never sent to the
// customer. Other agents with the conversation open see a new note at once (NoteAdded). `n` focuses the note box,
// Ctrl+Enter adds the note.
import { api } from './api.js';
import { h, clear } from './dom.js';
import { add, t, dateTime, errorText } from './i18n.js';
import { decorators } from './inbox.js';
import * as hub from './hub.js';
import { shortcut } from './shortcuts.js';

add({
  en: {
    'notes.title': 'Internal notes', 'notes.help': 'Seen by the team only, never sent to the customer.', 'notes.none': 'No note yet.',
    'notes.placeholder': 'Add a note for the team, @name to tell a colleague…  (n, Ctrl+Enter to add)', 'notes.add': 'Add note', 'notes.redacted': 'Note withdrawn (erasure)',
  },
  fr: {
    'notes.title': 'Notes internes', 'notes.help': 'Visibles de l’équipe seulement, jamais envoyées au client.', 'notes.none': 'Aucune note.',
    'notes.placeholder': 'Ajouter une note pour l’équipe, @nom pour prévenir un collègue…  (n, Ctrl+Entrée pour ajouter)', 'notes.add': 'Ajouter la note', 'notes.redacted': 'Note retirée (effacement)',
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
  for (const n of s.notes)
    s.list.append(h('li', { class: 'note', dataset: { id: n.id } },
      h('div', { class: 'note-meta' }, h('strong', {}, n.agentName || ''), ' · ', h('time', {}, dateTime(n.createdAt))),
      n.redactedAt ? h('div', { class: 'muted' }, t('notes.redacted')) : h('div', { class: 'note-text' }, withMentions(n.text))));
  s.list.lastElementChild?.scrollIntoView({ block: 'nearest' });
}

function received(note) {
  if (!shown || shown.conversationId !== note.conversationId || shown.notes.some(x => x.id === note.id)) return;
  shown.notes.push(note);
  draw(shown);
}

hub.on('NoteAdded', received);

shortcut('n', () => {
  const box = document.getElementById('note');
  if (!box) return false;
  box.focus();
});
