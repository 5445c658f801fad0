// Rules (leads): what to do with a customer's new conversation as it arrives — tags, a priority, an assignee, or Spam —
// when it comes on a channel, in a language, mentions some words, or comes from some address. Tried in order; each
// says how many conversations it acted on. The server applies them in intake (RuleBook); this view writes them.
import { api } from './api.js';
import { h, clear, channelLabel } from './dom.js';
import { add, t, dateTime, errorText } from './i18n.js';
import { addView } from './app.js';

add({
  en: {
    'nav.rules': 'Rules', 'rules.title': 'Rules', 'rules.help': 'Each new conversation a customer starts goes through the rules in order, as it arrives. Every condition filled in must hold (none: every new conversation); every rule that matches acts — tags add up, the first priority and assignee win, spam stops the rest.',
    'rules.new': 'New rule', 'rules.edit': 'Edit the rule', 'rules.name': 'Name', 'rules.when': 'When a new conversation', 'rules.then': 'Then',
    'rules.channel': 'comes on', 'rules.anyChannel': 'any channel', 'rules.language': 'is in', 'rules.anyLanguage': 'any language',
    'rules.words': 'mentions any of (comma-separated, start of a word)', 'rules.sender': 'comes from (part of an address, domain, handle or name)',
    'rules.tags': 'add the tags (comma-separated)', 'rules.priority': 'set the priority', 'rules.keep': 'leave it', 'rules.assign': 'assign to', 'rules.nobody': 'nobody',
    'rules.spam': 'put it in Spam (and nothing else)', 'rules.enabled': 'On', 'rules.save': 'Save', 'rules.cancel': 'Cancel', 'rules.delete': 'Delete',
    'rules.up': 'Up', 'rules.down': 'Down', 'rules.matched': 'Acted on {n} · latest {when}', 'rules.never': 'not used yet', 'rules.none': 'No rule yet.',
    'rules.confirmDelete': 'Delete the rule "{name}"? What it did stays.', 'rules.every': 'every new conversation',
    'rules.on': 'on {x}', 'rules.in': 'in {x}', 'rules.mentions': 'mentions {x}', 'rules.from': 'from {x}', 'rules.spamAction': 'Spam',
    'rules.tagAction': 'tags {x}', 'rules.prioAction': 'priority {x}', 'rules.assignAction': 'to {x}', 'rules.off': 'off',
  },
  fr: {
    'nav.rules': 'Règles', 'rules.title': 'Règles', 'rules.help': 'Chaque nouvelle conversation d’un client passe par les règles dans l’ordre, à son arrivée. Toutes les conditions remplies doivent être vraies (aucune : toute nouvelle conversation) ; chaque règle qui correspond agit — les étiquettes s’ajoutent, la première priorité et la première assignation l’emportent, indésirable arrête les autres.',
    'rules.new': 'Nouvelle règle', 'rules.edit': 'Modifier la règle', 'rules.name': 'Nom', 'rules.when': 'Quand une nouvelle conversation', 'rules.then': 'Alors',
    'rules.channel': 'arrive par', 'rules.anyChannel': 'n’importe quel canal', 'rules.language': 'est en', 'rules.anyLanguage': 'n’importe quelle langue',
    'rules.words': 'mentionne l’un de (séparés par des virgules, début de mot)', 'rules.sender': 'vient de (partie d’une adresse, d’un domaine, d’un pseudo ou d’un nom)',
    'rules.tags': 'ajouter les étiquettes (séparées par des virgules)', 'rules.priority': 'mettre la priorité', 'rules.keep': 'inchangée', 'rules.assign': 'assigner à', 'rules.nobody': 'personne',
    'rules.spam': 'la mettre dans Indésirables (et rien d’autre)', 'rules.enabled': 'Active', 'rules.save': 'Enregistrer', 'rules.cancel': 'Annuler', 'rules.delete': 'Supprimer',
    'rules.up': 'Monter', 'rules.down': 'Descendre', 'rules.matched': 'Appliquée {n} fois · dernière le {when}', 'rules.never': 'pas encore utilisée', 'rules.none': 'Aucune règle.',
    'rules.confirmDelete': 'Supprimer la règle « {name} » ? Ce qu’elle a fait reste.', 'rules.every': 'toute nouvelle conversation',
    'rules.on': 'par {x}', 'rules.in': 'en {x}', 'rules.mentions': 'mentionne {x}', 'rules.from': 'de {x}', 'rules.spamAction': 'Indésirables',
    'rules.tagAction': 'étiquettes {x}', 'rules.prioAction': 'priorité {x}', 'rules.assignAction': 'à {x}', 'rules.off': 'désactivée',
  },
});

const channels = ['email', 'messenger', 'instagram', 'whatsapp', 'x', 'webchat'];
const priorities = ['low', 'normal', 'high', 'urgent'];

addView('rules', { label: 'nav.rules', minRole: 'lead', mount });

async function mount(el) {
  const body = h('tbody', { id: 'rule-rows' });
  const status = h('p', { class: 'errbox', id: 'rules-status', role: 'status', hidden: true });
  const formBox = h('div', { id: 'rule-form-box' });
  const agents = (await api('/api/agents').catch(() => [])).filter(a => !a.disabled && a.role !== 'admin');
  el.append(h('section', { class: 'saved-view rules-view' },
    h('header', { class: 'thread-head' }, h('h2', {}, t('rules.title')),
      h('button', { class: 'btn primary', id: 'rule-new', type: 'button', onclick: () => edit(null) }, t('rules.new'))),
    h('p', { class: 'muted' }, t('rules.help')), status, formBox,
    h('table', { class: 'saved-table rules-table' }, body)));
  await draw();

  function say(text) { status.hidden = !text; status.textContent = text || ''; }

  async function draw(list) {
    const rules = list ?? await api('/api/rules');
    clear(body);
    if (rules.length === 0) { body.append(h('tr', {}, h('td', { class: 'muted' }, t('rules.none')))); return; }
    rules.forEach((r, i) => body.append(h('tr', { class: 'rule-row' + (r.enabled ? '' : ' off'), dataset: { id: r.id } },
      h('td', { class: 'rule-pos' }, String(i + 1)),
      h('td', {}, h('strong', { class: 'rule-name' }, r.name), r.enabled ? null : h('span', { class: 'tag' }, t('rules.off')),
        h('div', { class: 'rule-when muted' }, when(r)), h('div', { class: 'rule-then' }, then(r)),
        h('div', { class: 'rule-used muted' }, r.matched ? t('rules.matched', { n: r.matched, when: dateTime(r.lastMatchedAt) }) : t('rules.never'))),
      h('td', { class: 'actions' },
        h('button', { class: 'btn ghost rule-up', type: 'button', disabled: i === 0, onclick: () => move(r, -1) }, '↑ ' + t('rules.up')),
        h('button', { class: 'btn ghost rule-down', type: 'button', disabled: i === rules.length - 1, onclick: () => move(r, 1) }, '↓ ' + t('rules.down')),
        h('button', { class: 'btn ghost rule-edit', type: 'button', onclick: () => edit(r) }, t('rules.edit')),
        h('button', { class: 'btn ghost rule-delete', type: 'button', onclick: async () => {
          if (!confirm(t('rules.confirmDelete', { name: r.name }))) return;
          try { await api(`/api/rules/${r.id}`, { method: 'DELETE' }); say(''); } catch (err) { say(errorText(err)); }
          await draw();
        } }, t('rules.delete'))))));
  }

  function when(r) {
    const parts = [r.channel && t('rules.on', { x: channelLabel[r.channel] || r.channel }), r.language && t('rules.in', { x: r.language.toUpperCase() }),
      r.words && t('rules.mentions', { x: r.words }), r.sender && t('rules.from', { x: r.sender })].filter(Boolean);
    return parts.length ? parts.join(' · ') : t('rules.every');
  }
  function then(r) {
    if (r.markSpam) return '→ ' + t('rules.spamAction');
    return '→ ' + [r.addTags.length && t('rules.tagAction', { x: r.addTags.join(', ') }), r.setPriority && t('rules.prioAction', { x: t('prio.' + priorities.indexOf(r.setPriority)).toLowerCase() }),
      r.assignTo && t('rules.assignAction', { x: r.assignToName })].filter(Boolean).join(' · ');
  }

  async function move(r, by) {
    try { await draw(await api(`/api/rules/${r.id}/move`, { method: 'POST', body: { by } })); say(''); } catch (err) { say(errorText(err)); }
  }

  function edit(r) {
    const name = h('input', { id: 'rule-name', required: true, maxlength: '100', value: r?.name || '' });
    const channel = h('select', { id: 'rule-channel' }, h('option', { value: '' }, t('rules.anyChannel')),
      channels.map(c => h('option', { value: c, selected: r?.channel === c }, channelLabel[c] || c)));
    const language = h('select', { id: 'rule-language' }, h('option', { value: '' }, t('rules.anyLanguage')),
      ['fr', 'en'].map(l => h('option', { value: l, selected: r?.language === l }, l.toUpperCase())));
    const words = h('input', { id: 'rule-words', value: r?.words || '', maxlength: '1000' });
    const sender = h('input', { id: 'rule-sender', value: r?.sender || '', maxlength: '200' });
    const tags = h('input', { id: 'rule-tags', value: (r?.addTags || []).join(', ') });
    const priority = h('select', { id: 'rule-priority' }, h('option', { value: '' }, t('rules.keep')),
      priorities.map((p, i) => h('option', { value: p, selected: r?.setPriority === p }, t('prio.' + i))));
    const assign = h('select', { id: 'rule-assign' }, h('option', { value: '' }, t('rules.nobody')),
      agents.map(a => h('option', { value: String(a.id), selected: r?.assignTo === a.id }, a.displayName)));
    const spam = h('input', { type: 'checkbox', id: 'rule-spam', checked: !!r?.markSpam });
    const enabled = h('input', { type: 'checkbox', id: 'rule-enabled', checked: r ? r.enabled : true });
    const actions = [tags, priority, assign];
    const follow = () => actions.forEach(x => { x.disabled = spam.checked; }); // spam does nothing else
    spam.addEventListener('change', follow);
    follow();
    const form = h('form', { class: 'saved-form rule-form', id: 'rule-form', onsubmit: async e => {
      e.preventDefault();
      const rule = {
        name: name.value, channel: channel.value || null, language: language.value || null, words: words.value || null, sender: sender.value || null,
        addTags: spam.checked ? [] : tags.value.split(',').map(x => x.trim()).filter(Boolean), setPriority: spam.checked ? null : priority.value || null,
        assignTo: spam.checked ? null : Number(assign.value) || null, markSpam: spam.checked, enabled: enabled.checked,
      };
      try {
        await api(r ? `/api/rules/${r.id}` : '/api/rules', { method: r ? 'PUT' : 'POST', body: rule });
        clear(formBox);
        say('');
        await draw();
      } catch (err) { say(errorText(err)); }
    } },
      h('h3', {}, t(r ? 'rules.edit' : 'rules.new')),
      h('label', {}, t('rules.name'), name),
      h('div', { class: 'rule-parts' },
        h('fieldset', { class: 'rule-part' }, h('legend', {}, t('rules.when')),
          h('label', {}, t('rules.channel'), channel), h('label', {}, t('rules.language'), language),
          h('label', {}, t('rules.words'), words), h('label', {}, t('rules.sender'), sender)),
        h('fieldset', { class: 'rule-part' }, h('legend', {}, t('rules.then')),
          h('label', {}, t('rules.tags'), tags), h('label', {}, t('rules.priority'), priority), h('label', {}, t('rules.assign'), assign),
          h('label', { class: 'toggle' }, spam, ' ', t('rules.spam')))),
      h('label', { class: 'toggle' }, enabled, ' ', t('rules.enabled')),
      h('div', { class: 'dialog-actions' },
        h('button', { class: 'btn primary', id: 'rule-save', type: 'submit' }, t('rules.save')),
        h('button', { class: 'btn', id: 'rule-cancel', type: 'button', onclick: () => { clear(formBox); say(''); } }, t('rules.cancel'))));
    clear(formBox).append(form);
    name.focus();
  }
}
