import { api } from './api.js';
import { t, lang, setLang } from './i18n.js';

function translate() {
  document.documentElement.lang = lang;
  document.querySelectorAll('[data-t]').forEach(el => { el.textContent = t(el.dataset.t); });
  document.getElementById('lang').value = lang;
}

document.getElementById('lang').addEventListener('change', e => setLang(e.target.value));
document.addEventListener('langchange', translate);
document.getElementById('login').addEventListener('submit', async e => {
  e.preventDefault();
  const err = document.getElementById('error');
  err.hidden = true;
  try {
    await api('/api/auth/login', { method: 'POST', body: { username: e.target.username.value, password: e.target.password.value } });
    location.href = '/';
  } catch (x) {
    err.textContent = t(x.status === 429 ? 'login.locked' : 'login.invalid');
    err.hidden = false;
  }
});
translate();
