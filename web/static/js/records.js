// Records: newest first, 50 at a time ("Load more", each page continuing
// after the last row's cursor), refreshed in place when
// the lot changes. Only the rows asked for are ever fetched or rendered, so a
// history of 100,000 records costs the page no more than the first page.
import { get } from './api.js';
import { h, say } from './dom.js';
import { money } from './format.js';

const PAGE = 50;
const MAX_REFRESH = 200;
const COLUMNS = [
  ['ID', (r) => r.display_id],
  ['Vehicle', (r) => r.vehicle_number, 'wrap vehicle'],
  ['Slot', (r) => r.slot_number, 'slot-col'],
  ['Type', (r) => r.vehicle_type],
  ['Entry', (r) => r.entry_time],
  ['Exit', (r) => r.exit_time, 'exit'],
  ['Amount', (r) => money(r.amount), 'num'],
  ['Booking', (r) => r.booking_type, 'kind'],
];

const keyOf = (r) => r.display_id || `${r.booking_type}:${r.id}`;

export class RecordsView {
  constructor({ body, more, count, msg, allButton, mineButton }) {
    Object.assign(this, { body, more, count, msg, allButton, mineButton });
    this.source = '/records';
    this.rows = [];
    this.done = false;
    this.cache = new Map(); // key → {signature, tr}
    this.chain = Promise.resolve();
    this.refreshPending = false;
    more.addEventListener('click', () => this.loadMore());
    allButton?.addEventListener('click', () => this.show('/records'));
    mineButton?.addEventListener('click', () => this.show('/owner/records'));
  }

  /** Runs jobs one after another so paging and refreshes never interleave. */
  queue(job) {
    this.chain = this.chain.then(job).catch((e) => say(this.msg, e.message, 'error'));
    return this.chain;
  }

  show(source) {
    this.source = source;
    this.allButton?.setAttribute('aria-pressed', String(source === '/records'));
    this.mineButton?.setAttribute('aria-pressed', String(source === '/owner/records'));
    return this.reset();
  }

  reset() {
    return this.queue(async () => {
      const source = this.source;
      const page = await get(`${source}?limit=${PAGE}&offset=0`);
      if (source !== this.source) return;
      this.rows = page;
      this.done = page.length < PAGE;
      this.cache.clear();
      say(this.msg, '');
      this.render(false);
    });
  }

  loadMore() {
    this.more.disabled = true;
    return this.queue(async () => {
      try {
        // After the last loaded row's cursor: rows added meanwhile shift no page,
        // and a deep page costs the server what the first one does.
        const last = this.rows[this.rows.length - 1];
        const after = last && last.cursor ? `&before=${encodeURIComponent(last.cursor)}` : '';
        const page = await get(`${this.source}?limit=${PAGE}${after}`);
        const known = new Set(this.rows.map(keyOf));
        this.rows = this.rows.concat(page.filter((r) => !known.has(keyOf(r))));
        this.done = page.length < PAGE;
        say(this.msg, '');
        this.render(false);
      } finally {
        this.more.disabled = false;
      }
    });
  }

  /** Re-reads the newest rows and merges them above what is already loaded. */
  refreshTop() {
    if (this.refreshPending) return this.chain;
    this.refreshPending = true;
    return this.queue(async () => {
      this.refreshPending = false;
      const source = this.source;
      const limit = Math.min(Math.max(PAGE, this.rows.length), MAX_REFRESH);
      const top = await get(`${source}?limit=${limit}&offset=0`);
      if (source !== this.source) return;
      if (top.length < limit) {
        this.rows = top;
        this.done = true;
      } else {
        const last = keyOf(top[top.length - 1]);
        const at = this.rows.findIndex((r) => keyOf(r) === last);
        if (at >= 0) {
          this.rows = top.concat(this.rows.slice(at + 1));
        } else {
          this.rows = top; // more changed than we hold: start over from the top
          this.done = false;
        }
      }
      this.render(true);
    });
  }

  /** The vehicle parked (walk-in still open) in a slot, if a loaded row says so. */
  parkedAt(slotNumber) {
    const row = this.rows.find((r) => r.slot_number === slotNumber && r.amount === null
      && r.booking_type === 'Walk-in' && r.exit_time === 'Still parked');
    return row ? row.vehicle_number : null;
  }

  rowFor(record, markNew) {
    const key = keyOf(record);
    const signature = JSON.stringify(record);
    const cached = this.cache.get(key);
    if (cached && cached.signature === signature) return cached.tr;
    const tr = h('tr', {
      class: [
        record.exit_time === 'Still parked' ? 'open' : '',
        record.booking_type === 'Reservation' ? 'kind-reservation' : 'kind-walkin',
        markNew && !cached ? 'is-new' : '',
      ].filter(Boolean).join(' '),
      dataset: { key },
    }, COLUMNS.map(([label, value, cls]) => h('td', { class: cls, dataset: { label } }, value(record) ?? '')));
    this.cache.set(key, { signature, tr });
    return tr;
  }

  render(markNew) {
    if (this.rows.length === 0) {
      this.body.replaceChildren(h('tr', {}, h('td', { colspan: COLUMNS.length, class: 'muted', text: 'No records yet.' })));
    } else {
      this.body.replaceChildren(...this.rows.map((r) => this.rowFor(r, markNew)));
    }
    const keep = new Set(this.rows.map(keyOf));
    for (const key of this.cache.keys()) if (!keep.has(key)) this.cache.delete(key);
    this.more.hidden = this.done;
    this.count.textContent = this.done
      ? `${this.rows.length} record${this.rows.length === 1 ? '' : 's'}, all shown.`
      : `Showing the newest ${this.rows.length}.`;
  }
}
