// The slot map: rows A–G as lanes along aisles, one button per slot.
// Keyboard: one slot is in the tab order (roving tabindex); arrow keys move,
// Home/End go to a row's ends, Enter/Space (the button's own behaviour) selects.
import { h } from './dom.js';
import { wallText } from './format.js';

const TYPE_SHORT = { Regular: 'REG', EV: 'EV', Handicapped: 'HC' };
const STATE_WORD = { free: 'free', occupied: 'occupied', reserved: 'reserved' };

/** Slot state for display: occupied beats reserved-now beats free. */
export function slotState(slot) {
  if (slot.is_occupied) return 'occupied';
  if (slot.is_reserved) return 'reserved';
  return 'free';
}

/** True when a reservation lies ahead (not one that covers now). */
export function hasUpcoming(slot) {
  return !slot.is_reserved && Boolean(slot.next_res_start);
}

/** The sentence a screen reader (and the tooltip) gives for a slot. */
export function describeSlot(slot) {
  const parts = [`${slot.slot_number}`, `${slot.slot_type}`, STATE_WORD[slotState(slot)]];
  if (slot.is_occupied && slot.is_reserved) parts.push('reserved now');
  if (slot.is_reserved && slot.next_res_end) parts.push(`reserved until ${wallText(slot.next_res_end)}`);
  if (hasUpcoming(slot)) {
    parts.push(`upcoming reservation ${wallText(slot.next_res_start)} to ${wallText(slot.next_res_end)}`);
  }
  return parts.join(', ');
}

function visibleState(slot) {
  const state = slotState(slot);
  if (state === 'free' && hasUpcoming(slot)) return 'upcoming';
  return state;
}

function rowOf(number) {
  const m = /^([A-Z]+)(\d+)$/.exec(number);
  return m ? m[1] : number;
}

export class SlotMap {
  constructor(root, { onSelect }) {
    this.root = root;
    this.onSelect = onSelect;
    this.buttons = new Map(); // slot_number → button
    this.slots = new Map(); // slot_number → slot
    this.rows = []; // [[slot_number, ...], ...]
    this.selected = null;
    this.signature = '';
    root.addEventListener('keydown', (event) => this.onKey(event));
    root.addEventListener('click', (event) => {
      const button = event.target.closest('button.slot');
      if (button) this.toggle(button.dataset.slot);
    });
  }

  /** Renders the slots; the first call builds the lanes, later calls update in place. */
  update(slots) {
    const signature = slots.map((s) => s.slot_number).join(',');
    if (signature !== this.signature) this.build(slots, signature);
    for (const slot of slots) {
      const previous = this.slots.get(slot.slot_number);
      this.slots.set(slot.slot_number, slot);
      this.paint(slot, previous);
    }
  }

  build(slots, signature) {
    this.signature = signature;
    this.buttons.clear();
    this.slots.clear();
    const rows = new Map();
    for (const slot of slots) {
      const row = rowOf(slot.slot_number);
      if (!rows.has(row)) rows.set(row, []);
      rows.get(row).push(slot.slot_number);
    }
    this.rows = [...rows.values()];
    const lanes = [];
    const names = [...rows.keys()];
    names.forEach((name, index) => {
      const buttons = rows.get(name).map((number) => {
        const button = h('button', {
          type: 'button',
          class: 'slot',
          tabindex: '-1',
          'aria-pressed': 'false',
          dataset: { slot: number },
        },
        h('span', { class: 'slot-num', text: number }),
        h('span', { class: 'slot-type' }),
        h('span', { class: 'slot-state' }));
        this.buttons.set(number, button);
        return button;
      });
      lanes.push(h('div', { class: 'lane', role: 'group', 'aria-label': `Row ${name}` },
        h('span', { class: 'lane-label', 'aria-hidden': 'true', text: name }),
        h('div', { class: 'lane-slots' }, buttons)));
      // Rows face each other in pairs across an aisle: A ═ B | C ═ D | E ═ F | G ═
      if (index % 2 === 0) {
        lanes.push(h('div', { class: 'aisle', 'aria-hidden': 'true', text: `aisle ${index / 2 + 1}` }));
      } else if (index < names.length - 1) {
        lanes.push(h('div', { class: 'island', 'aria-hidden': 'true' }));
      }
    });
    this.root.replaceChildren(...lanes);
    const first = this.rows[0]?.[0];
    const focusable = this.buttons.get(this.selected) || this.buttons.get(first);
    if (focusable) focusable.tabIndex = 0;
  }

  paint(slot, previous) {
    const button = this.buttons.get(slot.slot_number);
    if (!button) return;
    const state = visibleState(slot);
    const label = describeSlot(slot);
    button.dataset.type = slot.slot_type;
    button.dataset.state = slotState(slot);
    button.dataset.upcoming = String(hasUpcoming(slot));
    button.setAttribute('aria-label', label);
    button.title = label;
    button.querySelector('.slot-type').textContent = TYPE_SHORT[slot.slot_type] || slot.slot_type;
    button.querySelector('.slot-state').textContent = state;
    if (previous && visibleState(previous) !== state) {
      button.classList.remove('slot-flash');
      void button.offsetWidth; // restart the animation
      button.classList.add('slot-flash');
    }
  }

  slot(number) {
    return this.slots.get(number) || null;
  }

  toggle(number) {
    this.select(this.selected === number ? null : number);
  }

  /** Selects a slot (or none) and tells the page. Unknown numbers select nothing. */
  select(number, { notify = true } = {}) {
    const next = number && this.buttons.has(number) ? number : null;
    if (this.selected && this.buttons.has(this.selected)) {
      this.buttons.get(this.selected).setAttribute('aria-pressed', 'false');
    }
    this.selected = next;
    if (next) {
      const button = this.buttons.get(next);
      button.setAttribute('aria-pressed', 'true');
      this.makeTabbable(button);
    }
    if (notify) this.onSelect(next);
  }

  makeTabbable(button) {
    for (const b of this.root.querySelectorAll('button.slot[tabindex="0"]')) b.tabIndex = -1;
    button.tabIndex = 0;
  }

  onKey(event) {
    const button = event.target.closest('button.slot');
    if (!button) return;
    const number = button.dataset.slot;
    const r = this.rows.findIndex((row) => row.includes(number));
    if (r < 0) return;
    const c = this.rows[r].indexOf(number);
    let target = null;
    switch (event.key) {
      case 'ArrowLeft': target = this.rows[r][c - 1]; break;
      case 'ArrowRight': target = this.rows[r][c + 1]; break;
      case 'ArrowUp': if (r > 0) target = this.rows[r - 1][Math.min(c, this.rows[r - 1].length - 1)]; break;
      case 'ArrowDown': if (r < this.rows.length - 1) target = this.rows[r + 1][Math.min(c, this.rows[r + 1].length - 1)]; break;
      case 'Home': target = event.ctrlKey ? this.rows[0][0] : this.rows[r][0]; break;
      case 'End': {
        const row = event.ctrlKey ? this.rows[this.rows.length - 1] : this.rows[r];
        target = row[row.length - 1];
        break;
      }
      default: return;
    }
    event.preventDefault();
    if (!target) return;
    const next = this.buttons.get(target);
    this.makeTabbable(next);
    next.focus();
  }
}
