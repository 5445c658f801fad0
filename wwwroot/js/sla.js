// Admin settings of response timers: policies per channel (and for public posts), business hours,
// holidays, time zone and the at-risk share. Saved through PUT /api/admin/sla (audited server-side).
import { api } from './api.js';
import { addView } from './app.js';
import { h, clear, channelLabel } from './dom.js';
import { add, t } from './i18n.js';
import { ensureStyles } from './timers.js';

add({
  en: {
    'nav.sla': 'Response times', 'sla.title': 'Response time policies', 'sla.zone': 'Time zone', 'sla.risk': 'At risk after (% of the allowance)',
    'sla.channel': 'Channel', 'sla.public': 'Public posts', 'sla.first': 'First reply (min)', 'sla.next': 'Next reply (min)',
    'sla.business': 'Business hours only', 'sla.addPolicy': 'Add a policy', 'sla.remove': 'Remove', 'sla.hours': 'Business hours',
    'sla.openDay': 'Open', 'sla.opens': 'Opens', 'sla.closes': 'Closes', 'sla.holidays': 'Holidays', 'sla.day': 'Date', 'sla.name': 'Name',
    'sla.addHoliday': 'Add a holiday', 'sla.save': 'Save', 'sla.saved': 'Saved. Running timers keep their deadline; new ones use these settings.',
  },
  fr: {
    'nav.sla': 'Délais', 'sla.title': 'Politiques de délai de réponse', 'sla.zone': 'Fuseau horaire', 'sla.risk': 'À risque après (% du délai)',
    'sla.channel': 'Canal', 'sla.public': 'Publications publiques', 'sla.first': 'Première réponse (min)', 'sla.next': 'Réponse suivante (min)',
    'sla.business': 'Heures ouvrées seulement', 'sla.addPolicy': 'Ajouter une politique', 'sla.remove': 'Supprimer', 'sla.hours': 'Heures ouvrées',
    'sla.openDay': 'Ouvert', 'sla.opens': 'Ouverture', 'sla.closes': 'Fermeture', 'sla.holidays': 'Jours fériés', 'sla.day': 'Date', 'sla.name': 'Nom',
    'sla.addHoliday': 'Ajouter un jour férié', 'sla.save': 'Enregistrer', 'sla.saved': 'Enregistré. Les délais en cours gardent leur échéance ; les nouveaux suivent ces réglages.',
  },
});

let root, settings, message = null;
const weekdays = [1, 2, 3, 4, 5, 6, 0];

async function mount(el) {
  ensureStyles();
  root = el;
  settings = await api('/api/sla');
  message = null;
  render();
}

function num(v) { const n = Number(v); return Number.isFinite(n) ? n : 0; }

function render() {
  const s = settings;
  const dayName = d => new Date(Date.UTC(2024, 0, 7 + d)).toLocaleDateString(document.documentElement.lang, { weekday: 'long', timeZone: 'UTC' });
  const hoursOf = d => s.businessHours.find(b => b.weekday === d);
  clear(root).append(
    h('h2', {}, t('sla.title')),
    h('p', {}, h('label', {}, t('sla.zone'), ' ', h('input', { id: 'sla-zone', value: s.timeZone, onchange: e => { s.timeZone = e.target.value; } })), ' ',
      h('label', {}, t('sla.risk'), ' ', h('input', { id: 'sla-risk', type: 'number', min: 1, max: 99, value: s.atRiskPercent, onchange: e => { s.atRiskPercent = num(e.target.value); } }))),
    h('table', { id: 'sla-policies' },
      h('tr', {}, ['sla.channel', 'sla.public', 'sla.first', 'sla.next', 'sla.business', ''].map(k => h('th', {}, k ? t(k) : ''))),
      s.policies.map((p, i) => h('tr', {},
        h('td', {}, h('select', { onchange: e => { p.channel = e.target.value; } },
          Object.keys(channelLabel).map(c => h('option', { value: c, selected: c === p.channel }, channelLabel[c])))),
        h('td', {}, h('input', { type: 'checkbox', checked: p.isPublic, onchange: e => { p.isPublic = e.target.checked; } })),
        h('td', {}, h('input', { type: 'number', min: 1, value: p.firstResponseMinutes, onchange: e => { p.firstResponseMinutes = num(e.target.value); } })),
        h('td', {}, h('input', { type: 'number', min: 1, value: p.nextResponseMinutes, onchange: e => { p.nextResponseMinutes = num(e.target.value); } })),
        h('td', {}, h('input', { type: 'checkbox', checked: p.businessHours, onchange: e => { p.businessHours = e.target.checked; } })),
        h('td', {}, h('button', { class: 'btn ghost', onclick: () => { s.policies.splice(i, 1); render(); } }, t('sla.remove')))))),
    h('button', { class: 'btn', onclick: () => { s.policies.push({ channel: 'x', isPublic: true, firstResponseMinutes: 30, nextResponseMinutes: 30, businessHours: false }); render(); } }, t('sla.addPolicy')),
    h('h3', {}, t('sla.hours')),
    h('table', { id: 'sla-hours' },
      h('tr', {}, h('th', {}, ''), h('th', {}, t('sla.openDay')), h('th', {}, t('sla.opens')), h('th', {}, t('sla.closes'))),
      weekdays.map(d => {
        const b = hoursOf(d);
        return h('tr', {}, h('td', {}, dayName(d)),
          h('td', {}, h('input', { type: 'checkbox', checked: !!b, onchange: e => {
            if (e.target.checked) s.businessHours.push({ weekday: d, opens: '09:00', closes: '18:00' });
            else s.businessHours = s.businessHours.filter(x => x.weekday !== d);
            render();
          } })),
          h('td', {}, b ? h('input', { type: 'time', value: b.opens, onchange: e => { b.opens = e.target.value; } }) : null),
          h('td', {}, b ? h('input', { type: 'time', value: b.closes, onchange: e => { b.closes = e.target.value; } }) : null));
      })),
    h('h3', {}, t('sla.holidays')),
    h('table', { id: 'sla-holidays' },
      h('tr', {}, h('th', {}, t('sla.day')), h('th', {}, t('sla.name')), h('th', {}, '')),
      s.holidays.map((d, i) => h('tr', {},
        h('td', {}, h('input', { type: 'date', value: d.day, onchange: e => { d.day = e.target.value; } })),
        h('td', {}, h('input', { value: d.name, onchange: e => { d.name = e.target.value; } })),
        h('td', {}, h('button', { class: 'btn ghost', onclick: () => { s.holidays.splice(i, 1); render(); } }, t('sla.remove')))))),
    h('button', { class: 'btn', onclick: () => { s.holidays.push({ day: new Date().toISOString().slice(0, 10), name: '' }); render(); } }, t('sla.addHoliday')),
    h('p', {}, h('button', { class: 'btn primary', id: 'sla-save', onclick: save }, t('sla.save'))),
    message ? h('p', { class: message.bad ? 'error' : 'muted', role: 'status' }, message.text) : null);
}

async function save() {
  try {
    settings = await api('/api/admin/sla', { method: 'PUT', body: settings });
    message = { text: t('sla.saved') };
  } catch (e) { message = { text: e.message, bad: true }; }
  render();
}

addView('sla', { label: 'nav.sla', minRole: 'admin', mount });
