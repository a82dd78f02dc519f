// The dashboard: slot map, status panel, walk-in entry, vehicle status,
// reservation and records, kept current by Server-Sent Events.
import { get } from './api.js';
import { byId, debounce, h, say } from './dom.js';
import { connectLive } from './live.js';
import { LotClock } from './lot-clock.js';
import { RecordsView } from './records.js';
import { setupReservation } from './reservation.js';
import { loadSession } from './session.js';
import { describeSlot, SlotMap } from './slot-map.js';
import { renderCounts, startClock } from './status-panel.js';
import { setupVehicleStatus } from './vehicle-status.js';
import { setupWalkIn } from './walkin.js';

const LIVE_WORDS = { connecting: 'connecting', live: 'live', reconnecting: 'reconnecting', offline: 'offline, retrying' };

async function main() {
  const me = await loadSession();
  const clock = new LotClock();
  const [types, myVehicleList] = await Promise.all([
    get('/vehicle-types'),
    me.guest ? Promise.resolve([]) : get('/owner/vehicles'),
    clock.sync(),
  ]);
  startClock(clock);

  const myVehicles = new Map(myVehicleList.map((v) => [v.vehicle_number, v]));
  byId('my-vehicles').replaceChildren(...myVehicleList.map((v) => h('option', { value: v.vehicle_number })));

  const selectListeners = [];
  const selectionText = byId('selection-text');
  const selectionClear = byId('selection-clear');
  const mapMsg = byId('map-msg');
  let records = null;
  let vehicleStatus = null;

  const map = new SlotMap(byId('slot-map'), {
    onSelect: (number) => {
      describeSelection();
      selectListeners.forEach((fn) => fn(number));
    },
  });

  function describeSelection() {
    const slot = map.selected ? map.slot(map.selected) : null;
    selectionClear.hidden = !slot;
    if (!slot) {
      selectionText.textContent = 'No slot selected: walk-ins go to any free slot.';
      selectionText.className = 'muted';
      return;
    }
    selectionText.className = '';
    const parked = slot.is_occupied && records ? records.parkedAt(slot.slot_number) : null;
    selectionText.replaceChildren(`Selected: ${describeSlot(slot)}${parked ? ` — ${parked} is parked here` : ''}`);
    if (parked) {
      selectionText.append(' ', h('button', {
        type: 'button',
        class: 'link',
        text: `Show ${parked}`,
        onclick: () => vehicleStatus.lookUp(parked),
      }));
    }
  }
  selectionClear.addEventListener('click', () => map.select(null));

  async function refreshSlots() {
    try {
      const slots = await get('/slots');
      map.update(slots);
      renderCounts(slots);
      describeSelection();
      say(mapMsg, '');
    } catch (e) {
      say(mapMsg, e.message, 'error');
    }
  }

  async function refresh() {
    await Promise.all([refreshSlots(), records.refreshTop(), vehicleStatus.refresh()]);
  }

  const ctx = {
    me,
    types,
    myVehicles,
    map,
    clock,
    refresh,
    onSlotSelected: (fn) => selectListeners.push(fn),
    showVehicle: (number) => vehicleStatus.fill(number),
  };

  records = new RecordsView({
    body: byId('records-body'),
    more: byId('records-more'),
    count: byId('records-count'),
    msg: byId('records-msg'),
    allButton: me.guest ? null : byId('records-all'),
    mineButton: me.guest ? null : byId('records-mine'),
  });
  vehicleStatus = setupVehicleStatus(ctx);
  setupWalkIn(ctx);
  setupReservation(ctx);

  await Promise.all([refreshSlots(), records.reset()]);
  document.body.dataset.ready = 'true';

  const live = byId('live');
  const onChange = debounce(() => refresh(), 100);
  connectLive({
    onChange,
    onState: (state) => {
      live.dataset.state = state;
      live.textContent = LIVE_WORDS[state] || state;
      // The stream is refused when the session has ended (logout elsewhere, password change).
      if (state === 'offline') {
        get('/auth/me').then((now) => {
          if (!now.logged_in) window.location.replace('/login.html');
        }).catch(() => {});
      }
    },
  });
}

main().catch((e) => {
  const msg = document.getElementById('map-msg');
  if (msg) say(msg, `The console could not start: ${e.message}`, 'error');
});
