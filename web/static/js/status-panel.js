// The status panel: slot counts and the clock in the lot's time zone.
import { byId } from './dom.js';
import { clockText, dateText, offsetText } from './format.js';

const RESYNC_MS = 10 * 60 * 1000;

export function renderCounts(slots) {
  const free = slots.filter((s) => !s.is_occupied && !s.is_reserved);
  const set = (id, n) => { byId(id).textContent = String(n); };
  set('count-total', slots.length);
  set('count-free', free.length);
  set('count-occupied', slots.filter((s) => s.is_occupied).length);
  set('count-reserved', slots.filter((s) => s.is_reserved).length);
  set('count-ev', free.filter((s) => s.slot_type === 'EV').length);
  set('count-hc', free.filter((s) => s.slot_type === 'Handicapped').length);
}

export function startClock(clock) {
  const time = byId('clock-time');
  const meta = byId('clock-meta');
  const tick = () => {
    const wall = clock.now();
    time.textContent = clockText(wall);
    const zone = clock.zone ? `${clock.zone} · ` : 'browser time · ';
    const offset = clock.offsetMinutes === null ? '' : ` · ${offsetText(clock.offsetMinutes)}`;
    meta.textContent = `${zone}${dateText(wall)}${offset}`;
  };
  tick();
  // Align ticks to the second boundary so the display never skips a second.
  const schedule = () => setTimeout(() => { tick(); schedule(); }, 1000 - (Date.now() % 1000) + 5);
  schedule();
  setInterval(() => clock.sync().then(tick), RESYNC_MS);
}
