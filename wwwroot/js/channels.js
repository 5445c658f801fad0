// Social channels in the agent inbox: the compose box shows the channel's length limit and messaging window
// (Messenger/Instagram 24 h + HUMAN_AGENT 7 days, WhatsApp 24 h, X tweet 280 / DM 10,000), the thread header says
// whether replies are public, and a public X mention or Page comment can be answered privately.
import { api } from './api.js';
import { h } from './dom.js';
import { t, add, dateTime, lang, errorText } from './i18n.js';
import { decorators, open } from './inbox.js';

add({
  en: {
    'ch.public': 'Public: your reply is visible to everyone', 'ch.private': 'Private conversation',
    'ch.open': 'Window open until {until}', 'ch.tag': 'Outside 24 h: sent with tag {tag} until {until}',
    'ch.template': 'Outside 24 h: sent as template {tag}', 'ch.closed': 'Cannot reply: {reason}',
    'ch.limit': '{n} / {max}', 'ch.over': 'Too long for this channel ({n} of {max} characters)',
    'ch.movePrivate': 'Reply privately', 'ch.moveHelp': 'Sends the text as a DM (X) or a private reply (Facebook or Instagram comment)',
  },
  fr: {
    'ch.public': 'Public : votre réponse est visible de tous', 'ch.private': 'Conversation privée',
    'ch.open': 'Fenêtre ouverte jusqu’au {until}', 'ch.tag': 'Après 24 h : envoi avec l’étiquette {tag} jusqu’au {until}',
    'ch.template': 'Après 24 h : envoi par le modèle {tag}', 'ch.closed': 'Réponse impossible : {reason}',
    'ch.limit': '{n} / {max}', 'ch.over': 'Trop long pour ce canal ({n} sur {max} caractères)',
    'ch.movePrivate': 'Répondre en privé', 'ch.moveHelp': 'Envoie le texte en message privé (X) ou en réponse privée (commentaire Facebook ou Instagram)',
  },
});

const social = new Set(['messenger', 'instagram', 'whatsapp', 'x']);

decorators.thread.push((threadEl, d) => {
  const c = d.conversation;
  if (!social.has(c.channel)) return;
  const head = threadEl.querySelector('.thread-head');
  head?.insertBefore(h('span', { class: 'visibility ' + (c.isPublic ? 'is-public' : 'is-private'), title: c.isPublic ? t('ch.public') : t('ch.private'),
    style: `font-size:12px;padding:1px 6px;border-radius:4px;border:1px solid ${c.isPublic ? '#c77' : '#7a7'}` },
    c.isPublic ? '🌐 ' + t('ch.public') : '🔒 ' + t('ch.private')), head.children[1] || null);
});

decorators.compose.push(async (box, c, ta, notes) => {
  if (!social.has(c.channel)) return;
  let info;
  try { info = await api(`/api/conversations/${c.id}/compose`); } catch { return; }
  const bar = box.querySelector('.compose-bar');
  const send = box.querySelector('#send');
  const limit = h('span', { class: 'limit', style: 'font-size:12px' });
  const windowLine = h('div', { class: 'window-state', style: 'font-size:12px;margin-top:4px' }, windowText(info));
  if (info.window === 'closed') windowLine.style.color = '#b00';
  box.insertBefore(windowLine, notes);
  bar.insertBefore(limit, bar.children[1] || null);
  // The channel's own count replaces the plain character count (one number, counted the platform's way).
  if (info.maxLength != null) box.querySelector('.compose-bar .counter')?.setAttribute('hidden', '');

  const count = c.channel === 'x' && info.isPublic ? tweetLength : (text) => text.length;
  const update = () => {
    const n = count(ta.value);
    const over = info.maxLength != null && n > info.maxLength;
    limit.textContent = info.maxLength != null ? (over ? t('ch.over', { n, max: info.maxLength }) : t('ch.limit', { n, max: info.maxLength })) : '';
    limit.style.color = over ? '#b00' : '';
    if (send) send.disabled = over || info.window === 'closed';
  };
  ta.addEventListener('input', update);
  update();

  if (info.canMovePrivate) {
    bar.insertBefore(h('button', { class: 'btn ghost', type: 'button', title: t('ch.moveHelp'), onclick: async () => {
      const text = ta.value.trim();
      if (!text) return;
      try {
        const r = await api(`/api/conversations/${c.id}/private`, { method: 'POST', body: { text, clientRef: crypto.randomUUID() } });
        ta.value = '';
        open(r.conversationId);
      } catch (e) {
        notes.append(h('div', { class: 'errbox' }, t('inbox.refused', { reason: errorText(e) })));
      }
    } }, '🔒 ' + t('ch.movePrivate')), send);
  }
});

// X's way of counting a tweet (as Inbox.Core XText, which refuses on the server): NFC, a link counts 23,
// the lighter ranges (Latin, Greek, Cyrillic, general punctuation) 1, other characters 2, an emoji 2.
// A bare domain is a link when its last label is a generic TLD, or a country code with a path or a subdomain
// (or .co/.tv): "maison.fr/retours" and "example.com" are links, "merci.je" is text (XText.IsBareLink).
const links = /\b(?:https?:\/\/|www\.)\S+?(?=[.,;:!?)\]'"]*(?:\s|$))|(?<![^\s(\["'])(?<domain>[a-z0-9-]+(?:\.[a-z0-9-]+)+)(?<path>\/\S*?)?(?=[.,;:!?)\]'"]*(?:\s|$))/gi;
const genericTlds = new Set(('com net org info biz edu gov mil int name pro mobi asia tel travel jobs aero coop museum cat app dev page shop store ' +
  'online site website tech blog cloud news live world club xyz top icu vip fun art design email link help support ' +
  'paris bzh eus alsace corsica').split(' '));

function isBareLink(domain, hasPath) {
  const labels = domain.toLowerCase().split('.');
  if (labels.some(l => !l || l.startsWith('-') || l.endsWith('-'))) return false;
  const tld = labels[labels.length - 1];
  if (genericTlds.has(tld)) return true;
  if (!/^[a-z]{2}$/.test(tld)) return false;
  return hasPath || labels.length > 2 || tld === 'co' || tld === 'tv';
}
const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' });
const light = (c) => c <= 4351 || (c >= 8192 && c <= 8205) || (c >= 8208 && c <= 8223) || (c >= 8242 && c <= 8247);

export function tweetLength(text) {
  const normalized = text.normalize('NFC');
  let length = 0, from = 0;
  for (const m of normalized.matchAll(links)) {
    if (m.groups.domain && !isBareLink(m.groups.domain, m.groups.path !== undefined)) continue;
    length += weigh(normalized.slice(from, m.index)) + 23;
    from = m.index + m[0].length;
  }
  return length + weigh(normalized.slice(from));
}

function weigh(text) {
  let weight = 0;
  for (const { segment } of graphemes.segment(text)) {
    let sum = 0, emoji = false;
    for (const ch of segment) {
      const c = ch.codePointAt(0);
      emoji ||= c >= 0x1F000 || (c >= 0x2600 && c <= 0x27BF);
      sum += light(c) ? 1 : 2;
    }
    weight += emoji ? 2 : sum;
  }
  return weight;
}

function windowText(info) {
  switch (info.window) {
    case 'open': return t('ch.open', { until: dateTime(info.openUntil) });
    case 'tag': return t('ch.tag', { tag: info.tag, until: dateTime(info.openUntil) });
    case 'template': return t('ch.template', { tag: info.tag });
    case 'closed': return t('ch.closed', { reason: lang === 'fr' && info.reasonFr ? info.reasonFr : info.reason });
    default: return info.isPublic ? t('ch.public') : '';
  }
}
