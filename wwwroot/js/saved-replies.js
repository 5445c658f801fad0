// Saved replies: answers the team writes once (leads manage them in their own view) and agents insert into the
// compose box, filled for the open conversation by the server ({first_name}, {customer_name}, {agent_name}).
// Keyboard: `s` (or the button) opens the picker; type to filter, ↑/↓ to choose, Enter to insert, Esc to close.
import { api } from './api.js';
import { addView, me } from './app.js';
import { h, clear } from './dom.js';
import { add, t, lang, dateTime, errorText, fold } from './i18n.js';
import { decorators } from './inbox.js';
import { shortcut } from './shortcuts.js';

add({
  en: {
    'nav.replies': 'Saved replies', 'sr.open': 'Saved replies (s)', 'sr.filter': 'Filter saved replies…', 'sr.none': 'No saved reply yet.',
    'sr.noMatch': 'No saved reply matches.', 'sr.any': 'any language', 'sr.title': 'Saved replies', 'sr.new': 'New saved reply',
    'sr.edit': 'Edit', 'sr.delete': 'Delete', 'sr.save': 'Save', 'sr.cancel': 'Cancel', 'sr.fTitle': 'Title', 'sr.fLanguage': 'Language',
    'sr.fBody': 'Text', 'sr.placeholders': 'Placeholders, filled for each conversation:', 'sr.updated': 'Updated {at} by {by}', 'sr.used': 'inserted {n}×, last on {at}', 'sr.unused': 'never inserted yet',
    'sr.confirmDelete': 'Delete the saved reply “{title}”? Its text stays in the audit log.', 'sr.saved': 'Saved.', 'sr.deleted': 'Deleted.',
    'sr.help': 'Agents insert these answers with the Saved replies button or the s key: one answer, the same words on every channel.',
    'sr.keep': 'Save as a saved reply',
    'sr.writtenIn': 'Written in {language}', 'sr.reference': 'Reference answer', 'sr.fReference': 'Reference answer: warn an agent whose draft contradicts it (a delay, an amount, a procedure), in any conversation',
    'sr.fTags': 'Tags to add when the reply is sent (commas between them)', 'sr.fThen': 'Then', 'sr.then.': 'leave the status as it is',
    'sr.then.pending': 'set it pending (the customer’s turn)', 'sr.then.closed': 'close the conversation', 'sr.onSend': 'On sending:',
    'sr.act.pending': 'pending', 'sr.act.closed': 'close', 'sr.drop': 'Do not apply', 'sr.actions': 'Actions of “{title}”',
  },
  fr: {
    'nav.replies': 'Réponses types', 'sr.open': 'Réponses enregistrées (s)', 'sr.filter': 'Filtrer les réponses enregistrées…', 'sr.none': 'Aucune réponse enregistrée.',
    'sr.noMatch': 'Aucune réponse enregistrée ne correspond.', 'sr.any': 'toutes langues', 'sr.title': 'Réponses enregistrées', 'sr.new': 'Nouvelle réponse enregistrée',
    'sr.edit': 'Modifier', 'sr.delete': 'Supprimer', 'sr.save': 'Enregistrer', 'sr.cancel': 'Annuler', 'sr.fTitle': 'Titre', 'sr.fLanguage': 'Langue',
    'sr.fBody': 'Texte', 'sr.placeholders': 'Champs remplis pour chaque conversation :', 'sr.updated': 'Modifiée le {at} par {by}', 'sr.used': 'insérée {n}×, dernière fois le {at}', 'sr.unused': 'jamais insérée encore',
    'sr.confirmDelete': 'Supprimer la réponse enregistrée « {title} » ? Son texte reste dans le journal d’audit.', 'sr.saved': 'Enregistré.', 'sr.deleted': 'Supprimée.',
    'sr.help': 'Les agents insèrent ces réponses avec le bouton Réponses enregistrées ou la touche s : une réponse, les mêmes mots sur tous les canaux.',
    'sr.keep': 'Enregistrer comme réponse',
    'sr.fTags': 'Étiquettes à ajouter à l’envoi (séparées par des virgules)', 'sr.fThen': 'Puis', 'sr.then.': 'laisser le statut tel quel',
    'sr.then.pending': 'la mettre en attente (au tour du client)', 'sr.then.closed': 'fermer la conversation', 'sr.onSend': 'À l’envoi :',
    'sr.act.pending': 'en attente', 'sr.act.closed': 'fermer', 'sr.drop': 'Ne pas appliquer', 'sr.actions': 'Actions de « {title} »',
    'sr.writtenIn': 'Écrit en {language}', 'sr.reference': 'Réponse de référence', 'sr.fReference': 'Réponse de référence : avertir l’agent dont le brouillon la contredit (un délai, un montant, une procédure), dans toute conversation',
  },
});

document.head.append(h('link', { rel: 'stylesheet', href: '/css/saved-replies.css' }));

const languageName = { en: 'English', fr: 'Français' };

// ---- The picker in the compose box ----

// What a saved reply does besides its words ("+ refund · close"), for the picker, the compose box and the leads' table.
const actionsOf = r => [...(r.addTags ? r.addTags.split(',').map(x => '+ ' + x) : []), ...(r.thenStatus ? [t('sr.act.' + r.thenStatus)] : [])];

// The saved reply whose actions go with the reply being written (one conversation's), until it is sent or dropped.
let chosen = null; // { conversationId, reply }
function actionsChip(box, c) {
  box.querySelector('#saved-actions')?.remove();
  if (chosen?.conversationId !== c.id || actionsOf(chosen.reply).length === 0) return;
  box.querySelector('.compose-bar').before(h('div', { class: 'saved-actions', id: 'saved-actions', role: 'status', title: t('sr.actions', { title: chosen.reply.title }) },
    h('span', { class: 'muted' }, t('sr.onSend')), ' ', actionsOf(chosen.reply).map(a => h('span', { class: 'tag' }, a)), ' ',
    h('button', { class: 'btn ghost small', type: 'button', id: 'saved-actions-drop', onclick: () => { chosen = null; actionsChip(box, c); } }, t('sr.drop'))));
}
decorators.send.push((body, c) => { if (chosen?.conversationId === c.id && actionsOf(chosen.reply).length) body.savedReplyId = chosen.reply.id; });
decorators.sent.push(c => { if (chosen?.conversationId === c.id) { chosen = null; document.getElementById('saved-actions')?.remove(); } });

decorators.compose.push((box, c, ta) => {
  actionsChip(box, c); // drawn again with the thread (a new message) while the reply is being written
  const bar = box.querySelector('.compose-bar');
  const button = h('button', { class: 'btn ghost', id: 'saved-open', type: 'button', title: t('sr.open'), onclick: () => toggle() }, '💬 ' + t('nav.replies'));
  bar.insertBefore(button, bar.firstChild);
  let picker = null, opening = false;

  async function toggle() {
    if (picker) { close(); return; }
    if (opening) return; // a second press while the list is on its way
    opening = true;
    let replies;
    try { replies = await api(`/api/conversations/${c.id}/saved-replies`); } catch { return; } finally { opening = false; }
    if (!box.isConnected) return; // the thread was redrawn meanwhile
    // The conversation's language first (the agent's when it is not known), then those for any language, then the others.
    const wanted = c.language || lang;
    const rank = r => (r.language === wanted ? 0 : r.language == null ? 1 : 2);
    replies.sort((a, b) => rank(a) - rank(b));
    let shown = replies, at = 0;
    const list = h('ul', { class: 'saved-list', id: 'saved-list', role: 'listbox' });
    const filter = h('input', { id: 'saved-filter', type: 'search', placeholder: t('sr.filter'), autocomplete: 'off', 'aria-controls': 'saved-list',
      oninput: () => { const q = fold(filter.value); shown = replies.filter(r => fold(r.title).includes(q) || fold(r.text).includes(q)); at = 0; draw(); },
      onkeydown: e => {
        if (e.key === 'ArrowDown') { e.preventDefault(); at = Math.min(shown.length - 1, at + 1); draw(); }
        else if (e.key === 'ArrowUp') { e.preventDefault(); at = Math.max(0, at - 1); draw(); }
        else if (e.key === 'Enter') { e.preventDefault(); if (shown[at]) insert(shown[at]); }
        else if (e.key === 'Escape') { e.preventDefault(); e.stopPropagation(); close(); ta.focus(); }
      } });
    picker = h('div', { class: 'saved-picker', id: 'saved-picker' }, filter, list);
    box.insertBefore(picker, ta);
    draw();
    filter.focus();

    function draw() {
      clear(list);
      if (shown.length === 0) { list.append(h('li', { class: 'muted' }, t(replies.length ? 'sr.noMatch' : 'sr.none'))); return; }
      shown.forEach((r, i) => list.append(h('li', { class: 'saved-item' + (i === at ? ' on' : ''), role: 'option', 'aria-selected': i === at ? 'true' : 'false',
        onmousedown: e => { e.preventDefault(); insert(r); } },
        h('div', { class: 'saved-head' }, h('strong', {}, r.title), ' ', h('span', { class: 'tag' }, r.language ? languageName[r.language] : t('sr.any')),
          actionsOf(r).map(a => [' ', h('span', { class: 'tag saved-act' }, a)])),
        h('div', { class: 'saved-text' }, r.text))));
      list.querySelector('.on')?.scrollIntoView({ block: 'nearest' });
    }
  }

  function insert(r) {
    // Where the cursor is, replacing a selection; the input event runs the length counter and the draft check.
    ta.focus();
    ta.setRangeText(r.text, ta.selectionStart, ta.selectionEnd, 'end');
    ta.dispatchEvent(new Event('input', { bubbles: true }));
    close();
    chosen = { conversationId: c.id, reply: r };
    actionsChip(box, c);
    api(`/api/saved-replies/${r.id}/used`, { method: 'POST' }).catch(() => {}); // the leads' tally
  }

  function close() { picker?.remove(); picker = null; }
});

shortcut('s', () => {
  const button = document.getElementById('saved-open');
  if (!button) return false;
  button.click();
});

// ---- A good answer sent becomes a saved reply (leads): its words open in the view's form ----

const isLead = () => me && (me.role === 'lead' || me.role === 'admin');

decorators.message.push((li, m) => {
  if (!isLead() || m.direction !== 'out' || m.redactedAt || !m.displayText) return;
  li.querySelector('.meta')?.append(h('button', { class: 'btn ghost small keep-reply', type: 'button', onclick: () => {
    sessionStorage.setItem('inbox.savedDraft', JSON.stringify({ title: '', body: m.displayText, language: '' }));
    location.hash = '#/replies';
  } }, t('sr.keep')));
});

// A conversation written in another language than the page's says so on its row ("EN" on a French page): the
// saved replies it needs are in that language.
decorators.row.push((li, c) => {
  if (c.language && c.language !== lang)
    li.querySelector('.conv-tags')?.prepend(h('span', { class: 'tag conv-language', title: t('sr.writtenIn', { language: languageName[c.language] }) }, c.language.toUpperCase()));
});

// ---- The leads' view: write, edit and delete them ----

let root, replies = [], editing = null, message = null;

async function mount(el) {
  root = el;
  editing = null; message = null;
  const draft = sessionStorage.getItem('inbox.savedDraft');
  if (draft) { sessionStorage.removeItem('inbox.savedDraft'); editing = JSON.parse(draft); }
  replies = await api('/api/saved-replies');
  render();
}

function render() {
  clear(root).append(h('div', { class: 'saved-view' },
    h('h2', {}, t('sr.title')),
    h('p', { class: 'muted' }, t('sr.help')),
    message ? h('p', { class: message.bad ? 'errbox' : 'muted', role: 'status', id: 'saved-message' }, message.text) : null,
    editing ? form() : h('button', { class: 'btn primary', id: 'saved-new', onclick: () => { editing = { title: '', body: '', language: '' }; message = null; render(); } }, t('sr.new')),
    h('table', { class: 'saved-table', id: 'saved-table' },
      replies.map(r => h('tr', { dataset: { id: r.id } },
        h('td', {}, h('strong', {}, r.title), r.reference ? [' ', h('span', { class: 'tag warn saved-reference' }, t('sr.reference'))] : null,
          actionsOf(r).map(a => [' ', h('span', { class: 'tag saved-act' }, a)]),
          h('div', { class: 'saved-text' }, r.body),
          h('div', { class: 'muted small' }, t('sr.updated', { at: dateTime(r.updatedAt), by: r.updatedBy || '' }), ' · ',
            h('span', { class: 'saved-use' }, r.useCount ? t('sr.used', { n: r.useCount, at: dateTime(r.lastUsedAt) }) : t('sr.unused')))),
        h('td', {}, r.language ? languageName[r.language] : t('sr.any')),
        h('td', { class: 'actions' },
          h('button', { class: 'btn ghost', onclick: () => { editing = { ...r, language: r.language || '' }; message = null; render(); } }, t('sr.edit')),
          h('button', { class: 'btn ghost', onclick: () => remove(r) }, t('sr.delete'))))))));
}

function form() {
  const e = editing;
  const body = h('textarea', { id: 'saved-body', rows: '6', oninput: ev => { e.body = ev.target.value; } }, e.body);
  return h('form', { class: 'saved-form', id: 'saved-form', onsubmit: ev => { ev.preventDefault(); save(); } },
    h('label', {}, t('sr.fTitle'), h('input', { id: 'saved-title', value: e.title, maxlength: '120', required: true, oninput: ev => { e.title = ev.target.value; } })),
    h('label', {}, t('sr.fLanguage'), h('select', { id: 'saved-language', onchange: ev => { e.language = ev.target.value; } },
      h('option', { value: '', selected: !e.language }, t('sr.any')),
      Object.entries(languageName).map(([v, name]) => h('option', { value: v, selected: e.language === v }, name)))),
    h('label', {}, t('sr.fBody'), body),
    h('label', { class: 'toggle' }, h('input', { type: 'checkbox', id: 'saved-reference', checked: !!e.reference, onchange: ev => { e.reference = ev.target.checked; } }),
      ' ', t('sr.fReference')),
    h('label', {}, t('sr.fTags'), h('input', { id: 'saved-tags', value: e.addTags || '', maxlength: '300', oninput: ev => { e.addTags = ev.target.value; } })),
    h('label', {}, t('sr.fThen'), h('select', { id: 'saved-then', onchange: ev => { e.thenStatus = ev.target.value; } },
      ['', 'pending', 'closed'].map(v => h('option', { value: v, selected: (e.thenStatus || '') === v }, t('sr.then.' + v))))),
    h('p', { class: 'muted small' }, t('sr.placeholders'), ' ',
      ['{first_name}', '{customer_name}', '{agent_name}'].map(p => h('button', { class: 'chip', type: 'button', onclick: () => {
        body.focus();
        body.setRangeText(p, body.selectionStart, body.selectionEnd, 'end');
        e.body = body.value;
      } }, p))),
    h('div', {}, h('button', { class: 'btn primary', id: 'saved-save', type: 'submit' }, t('sr.save')), ' ',
      h('button', { class: 'btn ghost', type: 'button', onclick: () => { editing = null; render(); } }, t('sr.cancel'))));
}

async function save() {
  const e = editing;
  const body = { title: e.title, body: e.body, language: e.language || null, reference: !!e.reference,
    addTags: (e.addTags || '').split(',').map(x => x.trim()).filter(Boolean), thenStatus: e.thenStatus || null };
  try {
    if (e.id) await api(`/api/saved-replies/${e.id}`, { method: 'PUT', body });
    else await api('/api/saved-replies', { method: 'POST', body });
    editing = null;
    message = { text: t('sr.saved') };
    replies = await api('/api/saved-replies');
  } catch (err) { message = { text: errorText(err), bad: true }; }
  render();
}

async function remove(r) {
  if (!confirm(t('sr.confirmDelete', { title: r.title }))) return;
  try {
    await api(`/api/saved-replies/${r.id}`, { method: 'DELETE' });
    message = { text: t('sr.deleted') };
    replies = await api('/api/saved-replies');
  } catch (err) { message = { text: errorText(err), bad: true }; }
  render();
}

addView('replies', { label: 'nav.replies', minRole: 'lead', mount });
