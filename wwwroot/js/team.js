// The team, for admins: who has an account, with which role, and who may sign in. An admin adds an agent, renames
// one, changes a role, disables an account (someone who left: their sessions end at once and their open
// conversations go back to the queue) or enables it again, and sets a new password for one who forgot theirs. Where
// account mail is set up (Inbox:PublicUrl and SMTP), an agent added with an address and no password is invited by mail
// to choose one, and any agent with an address can be mailed a link to set a new one.
import { api } from './api.js';
import { h, clear, channelLabel } from './dom.js';
import { add, t, lang, errorText } from './i18n.js';
import { addView, me } from './app.js';

add({
  en: {
    'nav.team': 'Team', 'team.title': 'Team', 'team.help': 'Disabling an account ends its sessions at once and puts its open conversations back in the queue; nothing it wrote is removed.',
    'team.name': 'Name', 'team.username': 'Username', 'team.role': 'Role', 'team.state': 'Account', 'team.active': 'Active', 'team.disabled': 'Disabled',
    'team.disable': 'Disable', 'team.enable': 'Enable', 'team.password': 'New password', 'team.setPassword': 'Set password', 'team.passwordSet': 'Password set; their sessions have ended.',
    'team.add': 'Add an agent', 'team.create': 'Add', 'team.you': '(you)', 'team.email': 'Email', 'team.noEmail': 'no address', 'team.invited': 'Invited',
    'team.inviteHint': 'Leave the password empty to mail them an invitation to choose one.', 'team.optional': 'Password (or none: invitation)',
    'team.routing': 'Channels · languages', 'team.languages': 'Languages', 'team.languagesHelp': 'The languages automatic assignment gives this agent new conversations in (both lit: any)',
    'team.channels': 'Channels', 'team.noAuto': 'Automatic assignment gives admins no conversation', 'team.channelsHelp': 'The channels automatic assignment gives this agent new conversations from (all lit: every channel)',
    'team.endSessions': 'Sign out everywhere', 'team.sessionsEnded': '{name} is signed out everywhere.',
    'team.mailLink': 'Mail a link', 'team.mailInvite': 'Mail the invitation again', 'team.linkSent': 'Link mailed to {email}.',
    'auto.title': 'Automatic assignment', 'auto.enabled': 'Give each new conversation to an agent online, the one with the fewest open conversations',
    'auto.max': 'At most this many open conversations each', 'auto.save': 'Save', 'auto.saved': 'Saved.',
  },
  fr: {
    'nav.team': 'Équipe', 'team.title': 'Équipe', 'team.help': 'Désactiver un compte met fin à ses sessions aussitôt et remet ses conversations ouvertes dans la file ; rien de ce qu’il a écrit n’est supprimé.',
    'team.name': 'Nom', 'team.username': 'Identifiant', 'team.role': 'Rôle', 'team.state': 'Compte', 'team.active': 'Actif', 'team.disabled': 'Désactivé',
    'team.disable': 'Désactiver', 'team.enable': 'Réactiver', 'team.password': 'Nouveau mot de passe', 'team.setPassword': 'Définir le mot de passe', 'team.passwordSet': 'Mot de passe défini ; ses sessions sont terminées.',
    'team.add': 'Ajouter un agent', 'team.create': 'Ajouter', 'team.you': '(vous)', 'team.email': 'E-mail', 'team.noEmail': 'pas d’adresse', 'team.invited': 'Invité',
    'team.inviteHint': 'Sans mot de passe, une invitation à en choisir un lui est envoyée par e-mail.', 'team.optional': 'Mot de passe (ou aucun : invitation)',
    'team.routing': 'Canaux · langues', 'team.languages': 'Langues', 'team.languagesHelp': 'Les langues dans lesquelles l’attribution automatique confie de nouvelles conversations à cet agent (les deux allumées : toutes)',
    'team.channels': 'Canaux', 'team.noAuto': 'L’attribution automatique ne confie aucune conversation aux admins', 'team.channelsHelp': 'Les canaux dont l’attribution automatique confie de nouvelles conversations à cet agent (tous allumés : tous les canaux)',
    'team.endSessions': 'Déconnecter partout', 'team.sessionsEnded': '{name} est déconnecté partout.',
    'team.mailLink': 'Envoyer un lien', 'team.mailInvite': 'Renvoyer l’invitation', 'team.linkSent': 'Lien envoyé à {email}.',
    'auto.title': 'Attribution automatique', 'auto.enabled': 'Confier chaque nouvelle conversation à un agent connecté, celui qui a le moins de conversations ouvertes',
    'auto.max': 'Au plus ce nombre de conversations ouvertes chacun', 'auto.save': 'Enregistrer', 'auto.saved': 'Enregistré.',
  },
});

document.head.append(h('link', { rel: 'stylesheet', href: '/css/team.css' }));

const roles = ['agent', 'lead', 'admin'];
const allChannels = ['email', 'messenger', 'instagram', 'whatsapp', 'x', 'webchat'];
const roleSelect = (value, attrs = {}) =>
  h('select', attrs, roles.map(r => h('option', { value: r, selected: r === value }, t('role.' + r))));

addView('team', { label: 'nav.team', minRole: 'admin', mount });

async function mount(el) {
  const body = h('tbody', { id: 'team-rows' });
  const status = h('p', { class: 'team-status', id: 'team-status', role: 'status' });
  const username = h('input', { id: 'team-new-username', required: true, maxlength: '40', autocomplete: 'off' });
  const name = h('input', { id: 'team-new-name', required: true, maxlength: '80' });
  const role = roleSelect('agent', { id: 'team-new-role' });
  const options = await api('/api/auth/options').catch(() => ({ accountMail: false }));
  const email = h('input', { id: 'team-new-email', type: 'email', maxlength: '254', autocomplete: 'off' });
  // With account mail, no password is an invitation (the address is then needed; the server says so).
  const password = h('input', { id: 'team-new-password', type: 'password', required: !options.accountMail, minlength: '8', autocomplete: 'new-password' });
  const addForm = h('form', { class: 'saved-form team-form', id: 'team-add', onsubmit: async e => {
    e.preventDefault();
    try {
      await api('/api/admin/agents', { method: 'POST', body: { username: username.value, displayName: name.value, password: password.value || null, role: role.value, email: email.value || null, lang } });
      addForm.reset();
      say('');
      await draw();
    } catch (err) { say(errorText(err), true); }
  } },
    h('h3', {}, t('team.add')),
    h('label', {}, t('team.username'), username), h('label', {}, t('team.name'), name),
    h('label', {}, t('team.email'), email), h('label', {}, t('team.role'), role),
    h('label', {}, t(options.accountMail ? 'team.optional' : 'team.password'), password),
    options.accountMail ? h('p', { class: 'muted', id: 'team-invite-hint' }, t('team.inviteHint')) : null,
    h('button', { class: 'btn primary', id: 'team-create', type: 'submit' }, t('team.create')));
  const autoOn = h('input', { type: 'checkbox', id: 'auto-enabled' });
  const autoMax = h('input', { type: 'number', id: 'auto-max', min: '1', max: '200' });
  const autoNote = h('span', { class: 'muted', id: 'auto-note', role: 'status' });
  const autoForm = h('form', { class: 'saved-form team-form', id: 'auto-form', onsubmit: async e => {
    e.preventDefault();
    try {
      await api('/api/admin/assignment/auto', { method: 'PUT', body: { enabled: autoOn.checked, maxOpen: Number(autoMax.value) } });
      autoNote.textContent = t('auto.saved');
    } catch (err) { autoNote.textContent = errorText(err); }
  } },
    h('h3', {}, t('auto.title')),
    h('label', { class: 'toggle' }, autoOn, ' ', t('auto.enabled')),
    h('label', {}, t('auto.max'), autoMax),
    h('div', {}, h('button', { class: 'btn primary', id: 'auto-save', type: 'submit' }, t('auto.save')), ' ', autoNote));
  api('/api/assignment/auto').then(a => { autoOn.checked = a.enabled; autoMax.value = String(a.maxOpen); }).catch(() => {});
  el.append(h('section', { class: 'saved-view team-view' },
    h('header', { class: 'thread-head' }, h('h2', {}, t('team.title'))),
    h('p', { class: 'muted' }, t('team.help')), status,
    h('table', { class: 'saved-table team-table' },
      h('thead', {}, h('tr', {}, ['team.name', 'team.username', 'team.email', 'team.role', 'team.routing', 'team.state', 'team.password'].map(k => h('th', {}, t(k))))), body),
    h('div', { class: 'team-forms' }, addForm, autoForm)));

  function say(text, bad) { status.textContent = text; status.className = 'team-status' + (bad ? ' errbox' : ''); }

  async function change(a, body) {
    try {
      await api(`/api/admin/agents/${a.id}`, { method: 'PUT', body });
      say('');
    } catch (err) { say(errorText(err), true); }
    await draw();
  }

  // One toggle per channel: lit, automatic assignment gives the agent that channel's new conversations. The last one lit
  // stays lit (none would mean every channel to the server, which is what all lit says).
  // The same for the languages a conversation may be in (both lit: any; a conversation whose language is not known goes to anyone).
  function languageChips(a) {
    const spoken = a.languages ? a.languages.split(',') : ['fr', 'en'];
    return h('div', { class: 'team-channels team-languages', role: 'group', 'aria-label': t('team.languages'), title: t('team.languagesHelp') },
      ['fr', 'en'].map(l => h('button', { type: 'button', class: 'chip team-language', 'aria-pressed': String(spoken.includes(l)), dataset: { language: l },
        onclick: () => {
          const next = spoken.includes(l) ? spoken.filter(x => x !== l) : [...spoken, l];
          if (next.length > 0) change(a, { languages: next });
        } }, l.toUpperCase())));
  }

  function channelChips(a) {
    const taken = a.channels ? a.channels.split(',') : allChannels;
    return h('div', { class: 'team-channels', role: 'group', 'aria-label': t('team.channels'), title: t('team.channelsHelp') },
      allChannels.map(ch => h('button', { type: 'button', class: 'chip team-channel', 'aria-pressed': String(taken.includes(ch)), dataset: { channel: ch },
        onclick: () => {
          const next = taken.includes(ch) ? taken.filter(x => x !== ch) : [...taken, ch];
          if (next.length > 0) change(a, { channels: next });
        } }, channelLabel[ch] || ch)));
  }

  async function draw() {
    const agents = await api('/api/agents');
    clear(body).append(...agents.map(a => {
      const self = a.id === me.id;
      const displayName = h('input', { class: 'team-name', value: a.displayName, 'aria-label': t('team.name'), maxlength: '80' });
      displayName.addEventListener('change', () => change(a, { displayName: displayName.value }));
      const address = h('input', { type: 'email', class: 'team-email', value: a.email || '', placeholder: t('team.noEmail'), 'aria-label': t('team.email'), maxlength: '254' });
      address.addEventListener('change', () => change(a, { email: address.value }));
      const pw = h('input', { type: 'password', class: 'team-password', minlength: '8', autocomplete: 'new-password', 'aria-label': t('team.password') });
      const mailLink = options.accountMail && a.email && !a.disabled
        ? h('button', { class: 'btn ghost team-mail-link', type: 'button', onclick: async () => {
            try {
              await api(`/api/admin/agents/${a.id}/link`, { method: 'POST' });
              say(t('team.linkSent', { email: a.email }));
            } catch (err) { say(errorText(err), true); }
          } }, t(a.passwordSet ? 'team.mailLink' : 'team.mailInvite'))
        : null;
      return h('tr', { class: a.disabled ? 'disabled' : '', dataset: { username: a.username } },
        h('td', {}, displayName),
        h('td', {}, a.username, self ? ' ' + t('team.you') : ''),
        h('td', {}, address),
        h('td', {}, roleSelect(a.role, { class: 'team-role', 'aria-label': t('team.role'), onchange: e => change(a, { role: e.target.value }) })),
        h('td', {}, a.role === 'admin' ? h('span', { class: 'muted', title: t('team.noAuto') }, '—') : [channelChips(a), languageChips(a)]), // admins are given none
        h('td', {}, h('span', { class: 'status ' + (a.disabled ? 's-closed' : a.passwordSet ? 's-open' : 's-pending') },
            t(a.disabled ? 'team.disabled' : a.passwordSet ? 'team.active' : 'team.invited')), ' ',
          self ? null : h('button', { class: 'btn ghost team-toggle', type: 'button', onclick: () => change(a, { disabled: !a.disabled }) },
            t(a.disabled ? 'team.enable' : 'team.disable'))),
        h('td', { class: 'actions' }, h('form', { class: 'team-pw', onsubmit: async e => {
          e.preventDefault();
          try {
            await api(`/api/admin/agents/${a.id}/password`, { method: 'POST', body: { password: pw.value } });
            pw.value = '';
            say(t('team.passwordSet'));
          } catch (err) { say(errorText(err), true); }
        } }, pw, h('button', { class: 'btn ghost team-set-password', type: 'submit' }, t('team.setPassword')), mailLink,
          self ? null : h('button', { class: 'btn ghost team-end-sessions', type: 'button', onclick: async () => {
            try {
              await api(`/api/admin/agents/${a.id}/sessions/end`, { method: 'POST' });
              say(t('team.sessionsEnded', { name: a.displayName }));
            } catch (err) { say(errorText(err), true); }
          } }, t('team.endSessions')))));
    }));
  }
  await draw();
}
