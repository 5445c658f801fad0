// Email in the thread: a "show full original" toggle when quoted history or a signature was hidden
// from the displayed text, and labels for automated mail (auto-reply, bounce, list). Text only.
import { h } from './dom.js';
import { t, add } from './i18n.js';
import { decorators } from './inbox.js';

add({
  en: {
    'email.showOriginal': 'Show full original', 'email.hideOriginal': 'Hide quoted text',
    'email.tag.auto-reply': 'Auto-reply', 'email.tag.bounce': 'Bounce', 'email.tag.list': 'Mailing list',
  },
  fr: {
    'email.showOriginal': 'Afficher l’original complet', 'email.hideOriginal': 'Masquer le texte cité',
    'email.tag.auto-reply': 'Réponse automatique', 'email.tag.bounce': 'Non distribué', 'email.tag.list': 'Liste de diffusion',
  },
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
