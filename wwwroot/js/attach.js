// Files sent with a reply: the compose box's 📎 button, or files dropped on the box or pasted into it. They wait under
// the text (× removes one) until the reply is sent, and survive the thread's redraw when a message arrives. The
// server checks what each channel takes (WhatsApp: images, PDF and office documents, audio, video; none on X yet) and
// refuses with the reason before anything is stored.
import { h, clear } from './dom.js';
import { add, t, lang } from './i18n.js';
import { decorators } from './inbox.js';

add({
  en: {
    'att.add': 'Attach files', 'att.short': 'Attach', 'att.remove': 'Remove {name}', 'att.tooLarge': 'Files too large: {size} in all, at most {max} per reply.',
    'att.tooMany': 'At most {n} files per reply.', 'att.reading': 'Could not read {name}.',
  },
  fr: {
    'att.add': 'Joindre des fichiers', 'att.short': 'Joindre', 'att.remove': 'Retirer {name}', 'att.tooLarge': 'Fichiers trop lourds : {size} en tout, {max} au plus par réponse.',
    'att.tooMany': '{n} fichiers au plus par réponse.', 'att.reading': 'Impossible de lire {name}.',
  },
});

const MAX_BYTES = 10 * 1024 * 1024; // the server's default (Inbox:Outbox:MaxAttachmentBytes), which decides
const MAX_FILES = 10;
const pending = new Map(); // conversation id → [{ fileName, contentType, size, content (base64) }]

const size = n => {
  const [value, unit] = n >= 1024 * 1024 ? [(n / 1024 / 1024).toFixed(1), 'MB'] : [String(Math.max(1, Math.round(n / 1024))), 'KB'];
  return lang === 'fr' ? `${value.replace('.', ',')} ${unit === 'MB' ? 'Mo' : 'Ko'}` : `${value} ${unit}`;
};

function base64(file) {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result).slice(String(reader.result).indexOf(',') + 1)); // after "data:…;base64,"
    reader.onerror = () => reject(reader.error);
    reader.readAsDataURL(file);
  });
}

decorators.compose.push((box, c, ta, notes) => {
  const list = h('ul', { class: 'attach-list', id: 'attach-list' });
  const input = h('input', { type: 'file', multiple: '', hidden: '', id: 'attach-input', onchange: () => { take(input.files); input.value = ''; } });
  const button = h('button', { class: 'btn ghost', id: 'attach-open', type: 'button', title: t('att.add'), 'aria-label': t('att.add'), onclick: () => input.click() }, '📎 ' + t('att.short'));
  const bar = box.querySelector('.compose-bar');
  bar.insertBefore(button, bar.querySelector('#send'));
  box.insertBefore(list, notes);
  box.append(input);
  draw();

  // Dropped on the box or pasted into the text: the same as chosen with the button.
  box.addEventListener('dragover', e => { if (e.dataTransfer?.types.includes('Files')) { e.preventDefault(); box.classList.add('dropping'); } });
  box.addEventListener('dragleave', () => box.classList.remove('dropping'));
  box.addEventListener('drop', e => {
    box.classList.remove('dropping');
    if (!e.dataTransfer?.files.length) return;
    e.preventDefault();
    take(e.dataTransfer.files);
  });
  ta.addEventListener('paste', e => { if (e.clipboardData?.files.length) { e.preventDefault(); take(e.clipboardData.files); } });

  async function take(fileList) {
    const files = [...fileList]; // a copy: the input's list empties when it is reset for the next choice
    const current = pending.get(c.id) || [];
    for (const el of notes.querySelectorAll('.attach-error')) el.remove();
    for (const file of files) {
      const error = current.length >= MAX_FILES ? t('att.tooMany', { n: MAX_FILES })
        : current.reduce((n, f) => n + f.size, 0) + file.size > MAX_BYTES
          ? t('att.tooLarge', { size: size(current.reduce((n, f) => n + f.size, 0) + file.size), max: size(MAX_BYTES) }) : null;
      if (error) { notes.append(h('div', { class: 'errbox attach-error' }, error)); break; }
      try {
        current.push({ fileName: file.name || 'file', contentType: file.type || 'application/octet-stream', size: file.size, content: await base64(file) });
      } catch {
        notes.append(h('div', { class: 'errbox attach-error' }, t('att.reading', { name: file.name })));
      }
    }
    pending.set(c.id, current);
    draw();
  }

  function draw() {
    clear(list);
    for (const [i, f] of (pending.get(c.id) || []).entries())
      list.append(h('li', { class: 'attach-chip' }, '📎 ', h('span', { class: 'attach-name' }, f.fileName), ` (${size(f.size)}) `,
        h('button', { type: 'button', class: 'attach-remove', title: t('att.remove', { name: f.fileName }), 'aria-label': t('att.remove', { name: f.fileName }),
          onclick: () => { pending.get(c.id).splice(i, 1); draw(); } }, '×')));
    list.hidden = !list.children.length;
  }
});

decorators.send.push((body, c) => {
  const files = pending.get(c.id);
  if (files?.length) body.attachments = files.map(({ fileName, contentType, content }) => ({ fileName, contentType, content }));
});

decorators.sent.push(c => {
  pending.delete(c.id);
  const list = document.getElementById('attach-list');
  if (list) { clear(list); list.hidden = true; }
});
