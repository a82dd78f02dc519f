// The lot's wall clock. GET /lot gives the lot-local time once; the page ticks
// locally from the difference and asks again now and then (DST changes, drift).
import { get } from './api.js';

export class LotClock {
  constructor() {
    this.skewMs = null; // lot wall time (as UTC fields) minus Date.now()
    this.zone = null;
    this.offsetMinutes = null;
  }

  async sync() {
    try {
      const lot = await get('/lot');
      const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?/.exec(lot.now || '');
      if (!m) throw new Error('bad /lot answer');
      const wallMs = Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +(m[6] || 0));
      this.skewMs = wallMs - Date.now();
      this.zone = lot.time_zone || null;
      this.offsetMinutes = Number.isFinite(lot.utc_offset_minutes) ? lot.utc_offset_minutes : null;
    } catch {
      // Without /lot, fall back to this browser's zone.
      const offset = -new Date().getTimezoneOffset();
      this.skewMs = offset * 60000;
      this.zone = null;
      this.offsetMinutes = offset;
    }
  }

  /** A Date whose UTC fields are the lot's current wall time. */
  now() {
    return new Date(Date.now() + (this.skewMs ?? 0));
  }
}
