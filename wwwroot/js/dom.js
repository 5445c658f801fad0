// Builds DOM nodes from data. Text always goes through text nodes, never innerHTML, so customer
// content cannot inject markup or scripts.
export function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === false || v == null) continue;
    if (k.startsWith('on')) el.addEventListener(k.slice(2), v);
    else if (k === 'class') el.className = v;
    else if (k === 'dataset') Object.assign(el.dataset, v);
    else el.setAttribute(k, v === true ? '' : v);
  }
  for (const c of children.flat(Infinity)) {
    if (c == null || c === false) continue;
    el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return el;
}

export function clear(el) { while (el.firstChild) el.firstChild.remove(); return el; }

/** Shows a dialog built for one use: modal, and gone from the page once closed. */
export function showDialog(dialog) {
  dialog.addEventListener('close', () => dialog.remove());
  document.body.append(dialog);
  dialog.showModal();
  return dialog;
}

export const channelLabel = {
  email: 'Email', messenger: 'Messenger', instagram: 'Instagram', whatsapp: 'WhatsApp', x: 'X', webchat: 'Chat',
};

export function channelBadge(channel, isPublic) {
  return h('span', { class: `badge ch-${channel}`, title: channelLabel[channel] || channel },
    channelLabel[channel] || channel, isPublic ? h('span', { class: 'pub' }, ' ·public') : null);
}
