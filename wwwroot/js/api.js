// fetch() for the JSON API: same-origin cookies, JSON bodies, and a trip to the login page on 401.
export async function api(path, options = {}) {
  const init = { credentials: 'same-origin', headers: { 'Accept': 'application/json' }, ...options };
  if (options.body && typeof options.body !== 'string') {
    init.body = JSON.stringify(options.body);
    init.headers['Content-Type'] = 'application/json';
  }
  init.headers['X-Requested-With'] = 'inbox';
  const r = await fetch(path, init);
  if (r.status === 401 && !path.startsWith('/api/auth/login')) {
    location.href = '/login.html';
    throw new Error('unauthorized');
  }
  const text = await r.text();
  const data = text ? JSON.parse(text) : null;
  if (!r.ok) {
    const err = new Error(data?.error || data?.detail || data?.title || `HTTP ${r.status}`);
    err.status = r.status; err.data = data;
    throw err;
  }
  return data;
}
