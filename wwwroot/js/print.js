// Printing a conversation (for a file, a complaint handled by post, a manager's review): the header's button prints the
// thread alone, with its subject, customer and history, not the list, panels or compose box (print styles in app.css).
import { h } from './dom.js';
import { add, t } from './i18n.js';
import { decorators } from './inbox.js';

add({
  en: { 'print.button': 'Print', 'print.help': 'Print this conversation' },
  fr: { 'print.button': 'Imprimer', 'print.help': 'Imprimer cette conversation' },
});

decorators.thread.push((threadEl, d) => {
  const toggle = threadEl.querySelector('#toggle-status');
  if (!toggle) return;
  toggle.before(h('button', { class: 'btn ghost print-hide', id: 'print-conversation', type: 'button', title: t('print.help'),
    onclick: () => window.print() }, t('print.button')));
  // On paper the customer's name heads the thread (the side panel is not printed).
  threadEl.querySelector('.thread-head')?.append(h('div', { class: 'print-only print-customer' }, d.customer.displayName));
});
