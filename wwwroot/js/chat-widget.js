// The customers' web chat (chat.html): no sign-in. The first message starts a session (an id and a token the page keeps
// in this browser), with a name and an email if the visitor gives them; messages go to POST /chat/messages, the team's
// answers arrive live over /hubs/chat and are there again when the visitor comes back. In the browser's language.
const words = {
  en: {
    title: 'Chat with us', intro: 'Ask us anything: the team answers here.', name: 'Your name (optional)', email: 'Your email (optional, for an answer if you leave)',
    placeholder: 'Write your message…', send: 'Send', team: 'Support', you: 'You', online: 'connected', offline: 'reconnecting…', failed: 'Not sent: {reason}',
    here: 'The team is here: we answer right on this page.', away: 'We are away: we answer from {when}. Leave your message (and your email to get the answer by mail).',
  },
  fr: {
    title: 'Discutons', intro: 'Posez votre question : l’équipe répond ici.', name: 'Votre nom (facultatif)', email: 'Votre e-mail (facultatif, pour une réponse si vous partez)',
    placeholder: 'Écrivez votre message…', send: 'Envoyer', team: 'Service client', you: 'Vous', online: 'connecté', offline: 'reconnexion…', failed: 'Non envoyé : {reason}',
    here: 'L’équipe est là : nous répondons ici même.', away: 'Nous sommes absents : nous répondons à partir du {when}. Laissez votre message (et votre e-mail pour recevoir la réponse par mail).',
  },
};
const lang = (navigator.language || 'en').toLowerCase().startsWith('fr') ? 'fr' : 'en';
const w = words[lang];
const $ = id => document.getElementById(id);
const KEY = 'inbox.chat';
let session = JSON.parse(localStorage.getItem(KEY) || 'null'); // { visitor, token }
const shown = new Set(); // external ids already in the list

document.documentElement.lang = lang;
document.title = w.title;
$('chat-title').textContent = w.title;
$('chat-intro').textContent = w.intro;
$('chat-name-label').textContent = w.name;
$('chat-email-label').textContent = w.email;
$('chat-text').placeholder = w.placeholder;
$('chat-send').textContent = w.send;

async function call(method, path, body) {
  const headers = { 'Accept': 'application/json', 'X-Requested-With': 'inbox' };
  if (session) { headers['X-Chat-Visitor'] = session.visitor; headers['X-Chat-Token'] = session.token; }
  if (body) headers['Content-Type'] = 'application/json';
  const r = await fetch(path, { method, headers, body: body ? JSON.stringify(body) : undefined, credentials: 'omit' });
  const text = await r.text();
  const data = text ? JSON.parse(text) : null;
  // The server words a refusal in French too (errorFr) where a visitor can cause it (an address that is not one).
  if (!r.ok) { const e = new Error((lang === 'fr' && data?.errorFr) || data?.error || data?.detail || `HTTP ${r.status}`); e.status = r.status; throw e; }
  return data;
}

function show(m, pending = false) {
  const key = m.externalId;
  const existing = document.querySelector(`.chat-msg[data-key="${CSS.escape(key)}"]`);
  if (existing) { existing.classList.toggle('pending', pending); return; }
  if (shown.has(key)) return;
  shown.add(key);
  const li = document.createElement('li');
  li.className = `chat-msg ${m.direction}` + (pending ? ' pending' : '');
  li.dataset.key = key;
  const who = document.createElement('span');
  who.className = 'who';
  who.textContent = m.direction === 'in' ? w.you : (m.agentName ? `${m.agentName} · ${w.team}` : w.team);
  li.append(who, document.createTextNode(m.text)); // text, never markup
  const list = $('chat-messages');
  list.append(li);
  list.scrollTop = list.scrollHeight;
}

let connection = null;
async function connect() {
  if (!session || connection) return;
  const q = new URLSearchParams({ visitor: session.visitor, token: session.token });
  connection = new signalR.HubConnectionBuilder().withUrl('/hubs/chat?' + q).withAutomaticReconnect().build();
  connection.on('Message', m => show(m));
  connection.onreconnecting(() => { $('chat-state').textContent = w.offline; });
  connection.onreconnected(() => { $('chat-state').textContent = w.online; load(); });
  await connection.start();
  $('chat-state').textContent = w.online;
}

async function load() {
  const chat = await call('GET', '/chat/messages');
  for (const m of chat.messages) show(m);
}

async function start() {
  if (session) {
    try { await load(); await connect(); return; }
    catch (e) { if (e.status !== 401) throw e; session = null; localStorage.removeItem(KEY); } // an erased or unknown session: start again
  }
  $('chat-start').hidden = false;
}

$('chat-form').addEventListener('submit', async e => {
  e.preventDefault();
  const text = $('chat-text').value.trim();
  if (!text) return;
  $('chat-error').hidden = true;
  try {
    if (!session) {
      session = await call('POST', '/chat/session', { name: $('chat-name').value || null, email: $('chat-email').value || null });
      localStorage.setItem(KEY, JSON.stringify(session));
      $('chat-start').hidden = true;
      await connect();
    }
    const id = crypto.randomUUID();
    show({ externalId: id, direction: 'in', text }, true);
    $('chat-text').value = '';
    await call('POST', '/chat/messages', { id, text });
    show({ externalId: id, direction: 'in', text });
  } catch (err) {
    $('chat-error').hidden = false;
    $('chat-error').textContent = w.failed.replace('{reason}', err.message);
  }
});
// The team sees that the visitor is typing (at most every second and a half).
let typedAt = 0;
$('chat-text').addEventListener('input', () => {
  if (!connection || Date.now() - typedAt < 1500) return;
  typedAt = Date.now();
  connection.invoke('Typing').catch(() => {});
});
$('chat-text').addEventListener('keydown', e => {
  if (e.key === 'Enter' && !e.shiftKey) { e.preventDefault(); $('chat-form').requestSubmit(); }
});

// Whether someone is there to answer now (the team's business hours), or from when.
call('GET', '/chat/hours').then(hours => {
  const when = hours.opensAt && new Intl.DateTimeFormat(lang, { weekday: 'long', day: 'numeric', month: 'long', hour: '2-digit', minute: '2-digit' }).format(new Date(hours.opensAt));
  $('chat-hours').textContent = hours.open ? w.here : w.away.replace('{when}', when);
  $('chat-hours').classList.toggle('away', !hours.open);
  $('chat-hours').hidden = false;
}).catch(() => {});

start().catch(err => { $('chat-error').hidden = false; $('chat-error').textContent = w.failed.replace('{reason}', err.message); });
