// Vehicle status: where a vehicle is parked, for how long, what it would pay
// now; release it and show the bill.
import { get, post, vehiclePath } from './api.js';
import { busy, byId, h, say } from './dom.js';
import { duration, hours, money } from './format.js';

const REFETCH_MS = 30 * 1000;

export function setupVehicleStatus(ctx) {
  const form = byId('vstatus-form');
  const input = byId('vstatus-vehicle');
  const release = byId('vstatus-release');
  const msg = byId('vstatus-msg');
  const result = byId('vstatus-result');
  // What the result box shows: {kind: 'status', data, fetchedAt} | {kind: 'bill'} | null
  let shown = null;
  let seq = 0;

  function readout(pairs) {
    return h('dl', { class: 'readout' }, pairs.flatMap(([term, value, cls]) => [
      h('dt', { text: term }),
      h('dd', { class: cls }, value),
    ]));
  }

  function renderStatus() {
    const { data, fetchedAt } = shown;
    if (!data.parked) {
      result.replaceChildren(h('p', { class: 'result-title' }, `${data.vehicle_number} is not parked.`));
      result.hidden = false;
      return;
    }
    const minutes = data.duration_minutes + Math.floor((Date.now() - fetchedAt) / 60000);
    result.replaceChildren(
      h('p', { class: 'result-title' }, `${data.vehicle_number} is parked in ${data.slot_number}`),
      readout([
        ['Slot', data.slot_number],
        ['Type', data.vehicle_type],
        ['Entry', data.entry_time],
        ['Duration', duration(minutes), 'vstatus-duration'],
        ['Billed', hours(data.billed_hours)],
        ['Pay now', money(data.amount), 'amount'],
      ]),
    );
    result.hidden = false;
  }

  function renderBill(bill) {
    result.replaceChildren(
      h('p', { class: 'result-title' }, `Bill · ${bill.vehicle_number} left ${bill.slot_number}`),
      readout([
        ['Entry', bill.entry_time],
        ['Exit', bill.exit_time],
        ['Billed', hours(bill.billed_hours)],
        ['Amount', money(bill.amount), 'amount'],
      ]),
    );
    result.hidden = false;
  }

  async function lookUp(number, { quiet = false } = {}) {
    const mine = ++seq;
    const data = await get(`/vehicles/${vehiclePath(number)}/status`);
    if (mine !== seq) return;
    shown = { kind: 'status', data, fetchedAt: Date.now() };
    renderStatus();
    if (!quiet) say(msg, '');
  }

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    say(msg, '');
    const number = input.value.trim();
    busy(form, async () => {
      try {
        await lookUp(number);
      } catch (e) {
        shown = null;
        result.hidden = true;
        say(msg, e.message, 'error');
      }
    });
  });

  release.addEventListener('click', () => {
    say(msg, '');
    const number = input.value.trim();
    if (!number) {
      say(msg, 'Vehicle number required.', 'error');
      input.focus();
      return;
    }
    busy(form, async () => {
      try {
        seq += 1;
        const bill = await post('/release', { vehicle_number: number });
        shown = { kind: 'bill' };
        renderBill({ vehicle_number: number.toUpperCase(), ...bill });
        say(msg, bill.message, 'ok');
        await ctx.refresh();
      } catch (e) {
        say(msg, e.message, 'error');
      }
    });
  });

  // The running duration ticks locally; the amount is re-read now and then.
  setInterval(() => {
    if (shown?.kind !== 'status' || !shown.data.parked) return;
    if (Date.now() - shown.fetchedAt > REFETCH_MS) {
      lookUp(shown.data.vehicle_number, { quiet: true }).catch(() => {});
    } else {
      renderStatus();
    }
  }, 15 * 1000);

  return {
    /** Puts a vehicle number in the lookup field (after parking it, or picking its slot). */
    fill(number) {
      input.value = number;
    },
    lookUp(number) {
      input.value = number;
      return lookUp(number).catch((e) => say(msg, e.message, 'error'));
    },
    /** After a change in the lot: re-read the status being shown. */
    refresh() {
      if (shown?.kind !== 'status') return Promise.resolve();
      return lookUp(shown.data.vehicle_number, { quiet: true }).catch(() => {});
    },
  };
}
