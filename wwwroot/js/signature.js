// Each agent's email signature: edited from their own menu (their name in the header), added by the server under the agent's email replies after
// the standard "-- " line; the compose box of an email conversation says it will be, and a sent reply shows it.
import { api } from './api.js';
import { accountItems } from './app.js';
import { h, showDialog } from './dom.js';
import { add, t, errorText } from './i18n.js';
import { decorators } from './inbox.js';

add({
  en: {
    'sig.title': 'My email signature', 'sig.help': 'Added under your email replies, after a “-- ” line. Empty: no signature.',
    'sig.save': 'Save', 'sig.cancel': 'Cancel', 'sig.added': 'Your signature is added: {first}', 'sig.none': 'No signature (your name, top right, to add one)',
  },
  fr: {
    'sig.title': 'Ma signature e-mail', 'sig.help': 'Ajoutée sous vos réponses par e-mail, après une ligne « -- ». Vide : pas de signature.',
    'sig.save': 'Enregistrer', 'sig.cancel': 'Annuler', 'sig.added': 'Votre signature est ajoutée : {first}', 'sig.none': 'Pas de signature (votre nom, en haut à droite, pour en ajouter une)',
  },
});

let signature; // undefined until read once; null when the agent has none
const read = async () => { if (signature === undefined) signature = (await api('/api/auth/me/signature')).signature; return signature; };

function edit() {
  const text = h('textarea', { id: 'signature-text', rows: '6', maxlength: '600' });
  const note = h('p', { class: 'sig-note', role: 'status' });
  const dialog = h('dialog', { id: 'signature-dialog', class: 'signature-dialog', 'aria-labelledby': 'signature-title' },
    h('h2', { id: 'signature-title' }, t('sig.title')), h('p', { class: 'muted' }, t('sig.help')), text, note,
    h('div', { class: 'sig-actions' },
      h('button', { class: 'btn primary', id: 'signature-save', type: 'button', onclick: async () => {
        try {
          signature = (await api('/api/auth/me/signature', { method: 'PUT', body: { signature: text.value } })).signature;
          dialog.close();
          for (const el of document.querySelectorAll('.compose-signature')) el.textContent = line();
        } catch (e) { note.textContent = errorText(e); }
      } }, t('sig.save')),
      h('button', { class: 'btn', type: 'button', onclick: () => dialog.close() }, t('sig.cancel'))));
  showDialog(dialog);
  read().then(s => { text.value = s || ''; text.focus(); }).catch(() => {});
}

const line = () => signature ? t('sig.added', { first: signature.split('\n')[0] + (signature.includes('\n') ? ' …' : '') }) : t('sig.none');

accountItems.push(() => h('button', { class: 'btn ghost', id: 'signature-open', type: 'button', role: 'menuitem', onclick: edit }, t('sig.title')));

decorators.compose.push(async (box, c, ta, notes) => {
  if (c.channel !== 'email') return;
  const el = h('div', { class: 'compose-signature muted' });
  box.insertBefore(el, notes);
  try { await read(); el.textContent = line(); } catch { el.remove(); }
});

decorators.message.push((li, m) => {
  if (!m.signature) return;
  li.querySelector('.body')?.after(h('div', { class: 'signature', title: t('sig.title') }, '-- \n' + m.signature));
});
