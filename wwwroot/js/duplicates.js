// Duplicates: a badge on linked conversations, the "same request elsewhere" panel with evidence and
// confirm/reject/split, identity-merge suggestions (accept, dismiss, undo), live on hub events.
import { api } from './api.js';
import { h, clear, channelBadge } from './dom.js';
import { t, add, age } from './i18n.js';
import * as hub from './hub.js';
import { decorators, open } from './inbox.js';
import { evidenceText, mergeReasonText } from './evidence.js';

add({
  en: {
    'dup.short': '⇄ {n} linked',
    'dup.badge': 'Same request on {n} other conversation(s)', 'dup.title': 'Same request elsewhere', 'dup.none': 'No linked conversation.',
    'dup.confirm': 'Confirm', 'dup.reject': 'Not the same', 'dup.split': 'Unlink this conversation', 'dup.answers': 'Answers sent',
    'dup.noAnswer': 'Not answered yet', 'dup.confirmed': 'confirmed', 'dup.rejected': 'rejected', 'dup.linked': 'linked automatically',
    'dup.displaced': 'unlinked automatically: a much stronger link on this channel took its place',
    'dup.merges': 'Same person?', 'dup.accept': 'Merge customers', 'dup.dismiss': 'Different people', 'dup.undo': 'Undo merge',
    'dup.merged': 'Merged', 'dup.auto': 'automatically', 'dup.suggested': 'Suggested', 'dup.undone': 'Undone', 'dup.dismissed': 'Dismissed',
    'dup.failed': 'Action failed: {e}',
  },
  fr: {
    'dup.short': '⇄ {n} lié(s)',
    'dup.badge': 'Même demande sur {n} autre(s) conversation(s)', 'dup.title': 'Même demande ailleurs', 'dup.none': 'Aucune conversation liée.',
    'dup.confirm': 'Confirmer', 'dup.reject': 'Pas la même demande', 'dup.split': 'Délier cette conversation', 'dup.answers': 'Réponses envoyées',
    'dup.noAnswer': 'Pas encore de réponse', 'dup.confirmed': 'confirmé', 'dup.rejected': 'rejeté', 'dup.linked': 'lié automatiquement',
    'dup.displaced': 'délié automatiquement : un lien bien plus sûr sur ce canal l’a remplacé',
    'dup.merges': 'Même personne ?', 'dup.accept': 'Fusionner les clients', 'dup.dismiss': 'Personnes différentes', 'dup.undo': 'Annuler la fusion',
    'dup.merged': 'Fusionnés', 'dup.auto': 'automatiquement', 'dup.suggested': 'Suggéré', 'dup.undone': 'Annulé', 'dup.dismissed': 'Écarté',
    'dup.failed': 'Échec : {e}',
  },
});

let panel = null;      // the panel element of the open conversation
let openId = null;

decorators.row.push((li, c) => {
  if (!c.linkedCount) return;
  li.querySelector('.conv-tags')?.append(
    h('span', { class: 'tag dup', title: t('dup.badge', { n: c.linkedCount }), 'aria-label': t('dup.badge', { n: c.linkedCount }) }, t('dup.short', { n: c.linkedCount })));
});

decorators.side.push((side, d) => {
  openId = d.conversation.id;
  panel = h('section', { class: 'dup-panel', id: 'dup-panel' });
  side.append(panel);
  refresh();
});

async function refresh() {
  if (!panel || !openId) return;
  const id = openId;
  let data;
  try { data = await api(`/api/conversations/${id}/duplicates`); } catch { return; }
  if (id !== openId) return;
  clear(panel).append(h('h3', {}, t('dup.title')));
  if (data.siblings.length === 0) panel.append(h('p', { class: 'muted' }, t('dup.none')));
  else panel.append(h('ul', { class: 'dup-siblings' }, data.siblings.map(s => sibling(s))));
  if (data.siblings.some(s => s.link && s.link.status !== 'rejected'))
    panel.append(h('button', { class: 'btn ghost', onclick: () => act(`/api/duplicates/conversations/${id}/split`) }, t('dup.split')));
  const merges = data.merges.filter(m => m.status !== 'dismissed');
  if (merges.length > 0) panel.append(h('h4', {}, t('dup.merges')), h('ul', { class: 'dup-merges' }, merges.map(merge)));
}

function sibling(s) {
  const c = s.conversation, l = s.link;
  return h('li', { class: 'dup-sibling' + (l?.status === 'rejected' ? ' rejected' : '') },
    h('div', { class: 'dup-head', onclick: () => open(c.id) },
      channelBadge(c.channel, c.isPublic), ' ', h('strong', {}, c.customerName), ' ',
      h('span', { class: 'status s-' + c.status }, t('inbox.status.' + c.status)), ' ', h('span', { class: 'muted' }, age(c.lastMessageAt))),
    h('div', { class: 'preview' }, c.subject || c.preview || ''),
    // A rejection no agent made: the system's, when a much stronger link displaced it (DuplicateDetector.Displaces).
    l ? h('div', { class: 'dup-evidence' }, `${evidenceText(l.evidence)} — ${t(l.status === 'rejected' && l.decidedBy == null ? 'dup.displaced' : 'dup.' + l.status)}`) : null,
    h('div', { class: 'dup-answers' },
      s.answers.length === 0 ? h('span', { class: 'muted' }, t('dup.noAnswer'))
        : [h('span', { class: 'muted' }, t('dup.answers')), ...s.answers.map(a => h('blockquote', {}, a.text))]),
    l && l.status === 'linked' ? h('div', { class: 'dup-actions' },
      h('button', { class: 'btn', onclick: () => act(`/api/duplicates/links/${l.id}/confirm`) }, t('dup.confirm')),
      h('button', { class: 'btn ghost', onclick: () => act(`/api/duplicates/links/${l.id}/reject`) }, t('dup.reject'))) : null);
}

function merge(m) {
  const label = m.status === 'merged' ? `${t('dup.merged')}${m.automatic ? ' ' + t('dup.auto') : ''}` : t('dup.' + m.status);
  return h('li', { class: 'dup-merge' },
    h('div', {}, `${m.fromName} → ${m.intoName} (${label})`),
    h('div', { class: 'muted' }, mergeReasonText(m.reason)),
    m.status === 'suggested' ? h('div', { class: 'dup-actions' },
      h('button', { class: 'btn', onclick: () => act(`/api/customers/merges/${m.id}/accept`) }, t('dup.accept')),
      h('button', { class: 'btn ghost', onclick: () => act(`/api/customers/merges/${m.id}/dismiss`) }, t('dup.dismiss'))) : null,
    m.status === 'merged' ? h('button', { class: 'btn ghost', onclick: () => act(`/api/customers/merges/${m.id}/undo`) }, t('dup.undo')) : null);
}

async function act(path) {
  try { await api(path, { method: 'POST' }); }
  catch (e) { panel?.append(h('p', { class: 'error' }, t('dup.failed', { e: e.message }))); }
  refresh();
}

// Live: a link or merge touching the open conversation redraws the panel; list badges follow ConversationChanged.
hub.on('DuplicateLinkChanged', l => { if (l.conversationA === openId || l.conversationB === openId) refresh(); });
hub.on('CustomerMergeChanged', () => refresh());
