-- The guards against overlaps and walk-ins on reserved slots, asked as one
-- seek instead of a walk. The reservations of a slot (and of a vehicle) never
-- overlap - these triggers see to it - so the first one, by end, that ends
-- after a moment is the only one that can cover it or overlap a window
-- starting then. The 0001 forms walked every reservation ending after the new
-- window's start: on a busy slot, hundreds per booking (bench/README.md).
DROP TRIGGER reservations_no_slot_overlap;
DROP TRIGGER reservations_no_vehicle_overlap;
DROP TRIGGER records_not_on_reserved_slot;

CREATE TRIGGER reservations_no_slot_overlap
BEFORE INSERT ON reservations
WHEN (SELECT r.start_at FROM reservations r
      WHERE r.slot_id = NEW.slot_id AND r.end_at > NEW.start_at
      ORDER BY r.end_at LIMIT 1) < NEW.end_at
BEGIN
    SELECT RAISE(ABORT, 'reservation overlaps another reservation of the slot');
END;

CREATE TRIGGER reservations_no_vehicle_overlap
BEFORE INSERT ON reservations
WHEN (SELECT r.start_at FROM reservations r
      WHERE r.vehicle_number = NEW.vehicle_number AND r.end_at > NEW.start_at
      ORDER BY r.end_at LIMIT 1) < NEW.end_at
BEGIN
    SELECT RAISE(ABORT, 'reservation overlaps another reservation of the vehicle');
END;

CREATE TRIGGER records_not_on_reserved_slot
BEFORE INSERT ON records
WHEN (SELECT r.start_at FROM reservations r
      WHERE r.slot_id = NEW.slot_id AND r.end_at > NEW.entry_at
      ORDER BY r.end_at LIMIT 1) <= NEW.entry_at
BEGIN
    SELECT RAISE(ABORT, 'slot is reserved at the entry time');
END;
