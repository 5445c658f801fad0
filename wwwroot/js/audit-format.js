// Formatting and chart loading shared by the audit modules.
import { h } from './dom.js';
import { t, lang } from './i18n.js';

const num = x => x.toLocaleString(lang === 'fr' ? 'fr-FR' : 'en-GB', { maximumFractionDigits: 1 });
export const pct = x => x == null ? '—' : `${num(x * 100)} %`;

export function dur(ms) {
  if (ms == null) return '—';
  const min = ms / 60000;
  if (min < 60) return `${Math.round(min)} min`;
  if (min < 48 * 60) return `${num(min / 60)} h`;
  return `${num(min / 1440)} ${t('audit.days')}`;
}

export const day = ms => new Date(ms).toLocaleDateString(lang === 'fr' ? 'fr-FR' : 'en-GB', { timeZone: 'UTC', day: 'numeric', month: 'short', year: 'numeric' });
export const isoDay = ms => new Date(ms).toISOString().slice(0, 10);

export function table(headers, rows, onRow) {
  return h('table', { class: 'audit-table' },
    h('thead', {}, h('tr', {}, headers.map(x => h('th', {}, x)))),
    h('tbody', {}, rows.map(r => h('tr', onRow ? { class: 'clickable', tabindex: 0, onclick: () => onRow(r.data), onkeydown: e => e.key === 'Enter' && onRow(r.data) } : {},
      r.cells.map(c => h('td', {}, c))))));
}

// chart.js comes from npm (wwwroot/node_modules), loaded once, on first use of the audit view.
let chartLib = null;
export function loadChart() {
  chartLib ??= new Promise((resolve, reject) => {
    if (window.Chart) return resolve(window.Chart);
    const s = document.createElement('script');
    s.src = '/node_modules/chart.js/dist/chart.umd.js';
    s.onload = () => resolve(window.Chart);
    s.onerror = () => { chartLib = null; reject(new Error('chart.js not installed (npm install in wwwroot)')); };
    document.head.append(s);
  });
  return chartLib;
}

const charts = new Set();
/** A chart in a fixed-height box; animation off so the printed page shows the final drawing. */
export async function chart(box, config) {
  const Chart = await loadChart();
  const canvas = h('canvas', { role: 'img', 'aria-label': config.label || '' });
  box.append(canvas);
  const c = new Chart(canvas, { ...config, options: { responsive: true, maintainAspectRatio: false, animation: false, ...config.options } });
  charts.add(c);
  return c;
}
export function destroyCharts() { for (const c of charts) c.destroy(); charts.clear(); }
// Canvas size follows the printed page width, not the screen's.
window.addEventListener('beforeprint', () => { for (const c of charts) c.resize(); });
window.addEventListener('afterprint', () => { for (const c of charts) c.resize(); });

export function kpi(label, value, sub) {
  return h('div', { class: 'kpi' }, h('div', { class: 'kpi-value' }, String(value)), h('div', { class: 'kpi-label' }, label), sub ? h('div', { class: 'muted small' }, sub) : null);
}
