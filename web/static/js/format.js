// Formatting of money, durations and lot-local times.

export function money(value) {
  if (value === null || value === undefined || Number.isNaN(Number(value))) return '—';
  return Number(value).toFixed(2);
}

export function duration(totalMinutes) {
  const minutes = Math.max(0, Math.floor(totalMinutes));
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  if (h === 0) return `${m} min`;
  return `${h} h ${String(m).padStart(2, '0')} min`;
}

export const hours = (n) => `${n} h`;

const pad = (n) => String(n).padStart(2, '0');

/**
 * Formats a Date whose UTC fields hold a lot-local wall time as
 * "YYYY-MM-DDTHH:MM" (a datetime-local value).
 */
export function toInputValue(wall) {
  return `${wall.getUTCFullYear()}-${pad(wall.getUTCMonth() + 1)}-${pad(wall.getUTCDate())}`
    + `T${pad(wall.getUTCHours())}:${pad(wall.getUTCMinutes())}`;
}

/** Parses "YYYY-MM-DDTHH:MM[:SS]" (or with a space) into a Date whose UTC fields are that wall time. */
export function parseWall(text) {
  const m = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2}))?/.exec(text || '');
  if (!m) return null;
  return new Date(Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +(m[6] || 0)));
}

/** "2026-12-04T10:00" → "2026-12-04 10:00". */
export function wallText(text) {
  return (text || '').replace('T', ' ').slice(0, 16);
}

export function clockText(wall) {
  return `${pad(wall.getUTCHours())}:${pad(wall.getUTCMinutes())}:${pad(wall.getUTCSeconds())}`;
}

export function dateText(wall) {
  const days = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
  return `${days[wall.getUTCDay()]} ${wall.getUTCFullYear()}-${pad(wall.getUTCMonth() + 1)}-${pad(wall.getUTCDate())}`;
}

export function offsetText(minutes) {
  const sign = minutes < 0 ? '-' : '+';
  const abs = Math.abs(minutes);
  return `UTC${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
}
