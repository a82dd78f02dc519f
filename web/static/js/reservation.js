// Reservations (owners only): vehicle, slot (typed or clicked), entry and exit,
// a live cost preview as the fields change, then reserve.
import { post } from './api.js';
import { busy, byId, debounce, h, say } from './dom.js';
import { duration, money, parseWall, toInputValue } from './format.js';

const HOUR = 3600 * 1000;

export function setupReservation(ctx) {
  const form = byId('reserve-form');
  const guestNotice = byId('reserve-guest');
  const noVehicle = byId('reserve-novehicle');
  if (ctx.me.guest) {
    guestNotice.hidden = false;
    return;
  }
  if (ctx.myVehicles.size === 0) {
    noVehicle.hidden = false;
    return;
  }
  form.hidden = false;

  const vehicle = byId('reserve-vehicle');
  const typeHint = byId('reserve-type');
  const slot = byId('reserve-slot');
  const entry = byId('reserve-entry');
  const exit = byId('reserve-exit');
  const preview = byId('reserve-preview');
  const msg = byId('reserve-msg');
  let seq = 0;

  vehicle.replaceChildren(...[...ctx.myVehicles.values()].map((v) => h('option', {
    value: v.vehicle_number,
    text: `${v.vehicle_number} · ${v.type_name}`,
  })));
  const chosen = () => ctx.myVehicles.get(vehicle.value);

  function syncTypeHint() {
    const v = chosen();
    typeHint.textContent = v ? `Billed as ${v.type_name} at ${money(v.hourly_rate)}/h.` : '';
  }

  // Defaults: from the next full hour (lot time), for two hours.
  function setDefaults() {
    const now = ctx.clock.now();
    const start = new Date(Math.ceil((now.getTime() + 60 * 1000) / HOUR) * HOUR);
    entry.value = toInputValue(start);
    exit.value = toInputValue(new Date(start.getTime() + 2 * HOUR));
    entry.min = toInputValue(now);
    exit.min = toInputValue(now);
  }

  function showPreview(text, kind) {
    preview.dataset.kind = kind || '';
    preview.replaceChildren(...(Array.isArray(text) ? text : [text]));
  }

  const updatePreview = debounce(async () => {
    const v = chosen();
    if (!v || !entry.value || !exit.value) {
      showPreview('Choose entry and exit to see the cost.');
      return;
    }
    const mine = ++seq;
    try {
      const p = await post('/reservations/preview', {
        entry_time: entry.value,
        exit_time: exit.value,
        vehicle_type_id: v.vehicle_type_id,
      });
      if (mine !== seq) return;
      showPreview([
        'Estimated cost ',
        h('strong', { class: 'preview-amount', id: 'reserve-preview-amount', text: money(p.amount) }),
        ` · ${duration(p.hours * 60 + p.minutes)}, billed ${p.billed_hours} h × ${money(p.hourly_rate)}/h`,
      ]);
    } catch (e) {
      if (mine !== seq) return;
      showPreview(e.message, 'error');
    }
  }, 150);

  entry.addEventListener('input', () => {
    const start = parseWall(entry.value);
    const end = parseWall(exit.value);
    if (start && (!end || end <= start)) exit.value = toInputValue(new Date(start.getTime() + 2 * HOUR));
    updatePreview();
  });
  exit.addEventListener('input', updatePreview);
  vehicle.addEventListener('change', () => {
    syncTypeHint();
    updatePreview();
  });

  slot.addEventListener('input', () => {
    const number = slot.value.trim().toUpperCase();
    if (ctx.map.slot(number) && ctx.map.selected !== number) ctx.map.select(number, { notify: true });
  });
  ctx.onSlotSelected((number) => {
    if (number && slot.value.trim().toUpperCase() !== number) slot.value = number;
  });

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    say(msg, '');
    const v = chosen();
    const body = {
      vehicle_number: vehicle.value,
      slot_number: slot.value.trim(),
      entry_time: entry.value,
      exit_time: exit.value,
      vehicle_type_id: v ? v.vehicle_type_id : undefined,
    };
    busy(form, async () => {
      try {
        const answer = await post('/reservations', body);
        const id = answer.display_id ? ` (${answer.display_id})` : '';
        say(msg, `${answer.message}${id} Amount ${money(answer.amount)}.`, 'ok');
        await ctx.refresh();
      } catch (e) {
        say(msg, e.message, 'error');
      }
    });
  });

  syncTypeHint();
  setDefaults();
  updatePreview();
}
