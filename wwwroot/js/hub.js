// The one SignalR connection of the page. Features subscribe with on(); the connection reconnects by itself.
import { api } from './api.js';
import { t } from './i18n.js';

const handlers = new Map();
let connection;

export function on(event, fn) {
  if (!handlers.has(event)) {
    handlers.set(event, []);
    connection?.on(event, (...a) => handlers.get(event).forEach(f => f(...a)));
  }
  handlers.get(event).push(fn);
}

function emit(event, arg) {
  (handlers.get(event) || []).forEach(f => f(arg));
}

// Intake pushes one event per batch to every agent: which messages arrived (ids only) and the conversations' new
// rows; features listen to MessageArrived / ConversationChanged. A message's text comes as MessageAdded, and only
// to the clients that have its conversation open (OpenConversation).
// Both lists come as tables (JsonTable on the server: the names once, then each row's values in their order).
function intakeBatch(batch) {
  records(batch.arrived).forEach(m => emit('MessageArrived', m));
  records(batch.conversations).forEach(c => emit('ConversationChanged', c));
}

function records(table) {
  return table.rows.map(row => Object.fromEntries(table.columns.map((name, i) => [name, row[i]])));
}

/** This page's connection id (the server spares it when the agent changes their own password). */
export const connectionId = () => connection?.connectionId ?? null;

export function invoke(method, ...args) {
  return connection?.state === 'Connected' ? connection.invoke(method, ...args) : Promise.resolve();
}

export async function start(status) {
  connection = new signalR.HubConnectionBuilder()
    .withUrl('/hubs/inbox')
    .withAutomaticReconnect([0, 1000, 2000, 5000, 10000, 10000, 30000])
    .build();
  for (const event of handlers.keys()) connection.on(event, (...a) => handlers.get(event).forEach(f => f(...a)));
  connection.on('IntakeBatch', intakeBatch);
  // A connection the server closed because this agent's session ended (disabled, new role or password) cannot come
  // back: asking who we are sends the page to the login screen on 401 (api.js); a server restart just reconnects.
  const stillSignedIn = () => api('/api/auth/me').catch(() => {});
  connection.onreconnecting(() => { status(t('conn.lost'), true); stillSignedIn(); });
  connection.onclose(stillSignedIn);
  connection.onreconnected(() => { status(t('conn.back'), false); document.dispatchEvent(new CustomEvent('hubreconnected')); });
  await connection.start();
  return connection;
}
