// Walk-in entry: vehicle number, type (the registered one for an owner's
// vehicle), the selected slot or any free slot.
import { post } from './api.js';
import { busy, byId, fillTypeSelect, say } from './dom.js';
import { money } from './format.js';

export function setupWalkIn(ctx) {
  const form = byId('walkin-form');
  const vehicle = byId('walkin-vehicle');
  const hint = byId('walkin-vehicle-hint');
  const type = byId('walkin-type');
  const any = byId('walkin-any');
  const selected = byId('walkin-selected');
  const selectedText = byId('walkin-selected-text');
  const msg = byId('walkin-msg');

  fillTypeSelect(type, ctx.types, money);
  const carType = ctx.types.find((t) => t.type_name === 'Car');
  if (carType) type.value = String(carType.id);

  function syncType() {
    const number = vehicle.value.trim().toUpperCase();
    const mine = ctx.myVehicles.get(number);
    if (mine) {
      type.value = String(mine.vehicle_type_id);
      type.disabled = true;
      hint.textContent = `Registered as ${mine.type_name}; that type is billed.`;
    } else {
      type.disabled = false;
      hint.textContent = ctx.me.guest
        ? 'Guests park vehicles that are not registered to an account.'
        : 'Owners park their registered vehicles (see My vehicles).';
    }
  }
  vehicle.addEventListener('input', syncType);
  syncType();

  ctx.onSlotSelected((number) => {
    if (number) {
      selected.disabled = false;
      selected.checked = true;
      selectedText.textContent = `Selected slot: ${number}`;
    } else {
      selected.disabled = true;
      any.checked = true;
      selectedText.textContent = 'Selected slot (pick one on the map)';
    }
  });

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    say(msg, '');
    const body = {
      vehicle_number: vehicle.value.trim(),
      vehicle_type_id: Number(type.value),
    };
    if (selected.checked && ctx.map.selected) body.slot_number = ctx.map.selected;
    busy(form, async () => {
      try {
        const answer = await post('/assign', body);
        say(msg, answer.message, 'ok');
        vehicle.value = '';
        syncType();
        if (body.slot_number) ctx.map.select(null);
        ctx.showVehicle(answer.vehicle_number || body.vehicle_number.toUpperCase());
        await ctx.refresh();
      } catch (e) {
        say(msg, e.message, 'error');
      }
    });
  });
}
