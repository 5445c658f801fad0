// Email in the thread: a "show full original" toggle when quoted history or a signature was hidden
// from the displayed text, labels for automated mail (auto-reply, bounce, list), who else a mail went to (Cc, Bcc, a
// copied person writing), and the reply's Cc and Bcc fields (reply to all: the people the customer's last mail went to).
import { h } from './dom.js';
import { t, add, lang } from './i18n.js';
import { decorators } from './inbox.js';

add({
  en: {
    'email.showOriginal': 'Show full original', 'email.hideOriginal': 'Hide quoted text',
    'email.tag.auto-reply': 'Auto-reply', 'email.tag.bounce': 'Bounce', 'email.tag.list': 'Mailing list',
    'email.from': 'From', 'email.cc': 'Cc', 'email.bcc': 'Bcc', 'email.copies': 'Cc / Bcc',
    'email.copiesHint': 'addresses separated by commas',
  },
  fr: {
    'email.showOriginal': 'Afficher l’original complet', 'email.hideOriginal': 'Masquer le texte cité',
    'email.tag.auto-reply': 'Réponse automatique', 'email.tag.bounce': 'Non distribué', 'email.tag.list': 'Liste de diffusion',
    'email.from': 'De', 'email.cc': 'Cc', 'email.bcc': 'Cci', 'email.copies': 'Cc / Cci',
    'email.copiesHint': 'adresses séparées par des virgules',
  },
});

// Who else a mail went to, under its time: the copied person who wrote it, its Cc, and a reply's Bcc (agents only see it).
decorators.message.push((li, m) => {
  if (m.channel !== 'email' || m.redactedAt || !(m.sender || m.cc || m.bcc)) return;
  const line = (key, value) => value ? h('div', {}, h('span', { class: 'muted' }, t(key) + (lang === 'fr' ? ' : ' : ': ')), value) : null;
  li.querySelector('.meta').after(h('div', { class: 'email-people' },
    line('email.from', m.sender), line('email.cc', m.cc), line('email.bcc', m.bcc)));
});

// The addresses of a list as typed or stored ("Marc <marc@x.fr>, \"Roux, Léa\" <lea@x.fr>"): commas inside quotes do not split.
const addresses = list => (list || '').match(/(?:"[^"]*"|[^,;])+/g)?.map(a => a.trim()).filter(Boolean) ?? [];
const bare = a => ((a.match(/<([^>]+)>/) || [])[1] || a).trim().toLowerCase();

// The reply's Cc and Bcc. What the agent typed stays while the thread is drawn again (a new message, a colleague's
// note); untouched, the Cc follows the customer's latest mail: the people it went to and a copied person who wrote it,
// never the customer (the reply's To).
let copies = { id: 0, cc: '', bcc: '', touched: false, open: false };
let shownDetail = null; // the thread the fields were drawn for
function replyAll(d) {
  const last = [...d.messages].reverse().find(m => m.direction === 'in' && !m.redactedAt);
  if (!last) return '';
  const customer = new Set(d.customer.identities.flatMap(i => [i.email, i.externalId]).filter(Boolean).map(a => a.toLowerCase()));
  const seen = new Set();
  return [last.sender, ...addresses(last.cc)].filter(Boolean).filter(a => {
    const key = bare(a);
    if (customer.has(key) || seen.has(key)) return false;
    seen.add(key);
    return true;
  }).join(', ');
}

decorators.thread.push((threadEl, d) => {
  const c = d.conversation;
  const form = threadEl.querySelector('form.compose');
  if (c.channel !== 'email' || !form) return;
  shownDetail = d;
  if (copies.id !== c.id) copies = { id: c.id, cc: '', bcc: '', touched: false, open: false };
  if (!copies.touched) copies.cc = replyAll(d);
  const field = (id, key, value) => {
    const input = h('input', { id, type: 'text', value, autocomplete: 'off', spellcheck: 'false', placeholder: t('email.copiesHint'),
      oninput: () => { copies[key] = input.value; copies.touched = true; } });
    return h('label', { class: 'copy-field' }, h('span', {}, t('email.' + key)), input);
  };
  const fields = h('div', { class: 'copy-fields', id: 'reply-copies' }, field('reply-cc', 'cc', copies.cc), field('reply-bcc', 'bcc', copies.bcc));
  const shown = copies.open || copies.cc || copies.bcc;
  fields.hidden = !shown;
  const toggle = h('button', { type: 'button', class: 'btn ghost copy-toggle', id: 'reply-copies-toggle', 'aria-expanded': String(!!shown),
    'aria-controls': 'reply-copies', onclick: () => {
      copies.open = fields.hidden;
      fields.hidden = !fields.hidden;
      toggle.setAttribute('aria-expanded', String(!fields.hidden));
      if (!fields.hidden) fields.querySelector('input').focus();
    } }, t('email.copies'));
  form.prepend(fields);
  form.querySelector('.compose-bar')?.prepend(toggle);
});

decorators.send.push((body, c) => {
  if (c.channel !== 'email' || copies.id !== c.id) return;
  if (copies.cc.trim()) body.cc = copies.cc.trim();
  if (copies.bcc.trim()) body.bcc = copies.bcc.trim();
});
// Sent: the next reply starts again from the customer's latest mail (the fields too, if the thread is not drawn again).
decorators.sent.push(c => {
  if (copies.id !== c.id) return;
  copies = { id: c.id, cc: shownDetail?.conversation.id === c.id ? replyAll(shownDetail) : '', bcc: '', touched: false, open: false };
  const cc = document.getElementById('reply-cc'), bcc = document.getElementById('reply-bcc');
  if (cc) cc.value = copies.cc;
  if (bcc) bcc.value = '';
});

decorators.thread.push((threadEl, detail) => {
  for (const m of detail.messages || []) {
    if (m.channel !== 'email' || m.redactedAt) continue;
    const li = threadEl.querySelector(`li.msg[data-id="${m.id}"]`);
    const body = li && li.querySelector('.body');
    if (!body) continue;
    const tags = (m.tags || '').split(/[ ,]+/).filter(x => x === 'auto-reply' || x === 'bounce' || x === 'list');
    if (tags.length) body.before(h('div', { class: 'email-tags' }, tags.map(x => h('span', { class: 'tag' }, t('email.tag.' + x)))));
    if (!m.text || m.text.trim() === (m.displayText || '').trim()) continue;
    let full = false;
    const toggle = h('button', { type: 'button', class: 'btn ghost email-original', 'aria-expanded': 'false' }, t('email.showOriginal'));
    toggle.addEventListener('click', () => {
      full = !full;
      body.textContent = full ? m.text : m.displayText;
      body.classList.toggle('email-full', full);
      toggle.textContent = t(full ? 'email.hideOriginal' : 'email.showOriginal');
      toggle.setAttribute('aria-expanded', String(full));
    });
    body.after(toggle);
  }
});
