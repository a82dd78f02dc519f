// My vehicles: list, add and remove the owner's registered vehicles.
import { del, get, post, vehiclePath } from './api.js';
import { busy, byId, fillTypeSelect, h, say } from './dom.js';
import { money } from './format.js';
import { loadSession } from './session.js';

const form = byId('vehicle-form');
const msg = byId('vehicle-msg');
const list = byId('vehicle-list');
const listMsg = byId('list-msg');
const empty = byId('vehicle-empty');

function render(vehicles) {
  empty.hidden = vehicles.length > 0;
  list.replaceChildren(...vehicles.map((v) => h('li', { dataset: { vehicle: v.vehicle_number } },
    h('span', { class: 'vehicle-number', text: v.vehicle_number }),
    h('span', { class: 'vehicle-meta', text: `${v.type_name} · ${money(v.hourly_rate)}/h` }),
    h('button', {
      type: 'button',
      class: 'danger',
      'aria-label': `Remove ${v.vehicle_number}`,
      text: 'Remove',
      onclick: (event) => remove(v.vehicle_number, event.currentTarget),
    }))));
}

async function reload() {
  render(await get('/owner/vehicles'));
}

async function remove(number, button) {
  say(listMsg, '');
  button.disabled = true;
  try {
    const answer = await del(`/owner/vehicles/${vehiclePath(number)}`);
    say(listMsg, answer.message, 'ok');
    await reload();
  } catch (e) {
    say(listMsg, e.message, 'error');
    button.disabled = false;
  }
}

form.addEventListener('submit', (event) => {
  event.preventDefault();
  say(msg, '');
  const body = {
    vehicle_number: form.vehicle_number.value.trim(),
    vehicle_type_id: Number(form.vehicle_type_id.value),
  };
  busy(form, async () => {
    try {
      const answer = await post('/owner/vehicles', body);
      say(msg, answer.message, 'ok');
      form.vehicle_number.value = '';
      form.vehicle_number.focus();
      await reload();
    } catch (e) {
      say(msg, e.message, 'error');
    }
  });
});

loadSession({ owner: true })
  .then(async () => {
    const types = await get('/vehicle-types');
    fillTypeSelect(form.vehicle_type_id, types, money);
    const car = types.find((t) => t.type_name === 'Car');
    if (car) form.vehicle_type_id.value = String(car.id);
    await reload();
    document.body.dataset.ready = 'true';
  })
  .catch((e) => say(listMsg, e.message, 'error'));
