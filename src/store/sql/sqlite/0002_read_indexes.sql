-- Reservations of one slot (or one vehicle) never overlap, so ordered by start
-- they are also ordered by end. Indexing (.., end_at, start_at) lets every
-- question the server asks - "the current or next reservation", "does a window
-- overlap", "has a reservation begun since this car came in" - seek straight
-- to the first reservation that ends after a moment and answer from the index,
-- instead of walking a slot's past reservations and reading each row for its
-- end (bench/README.md, "Profile notes").
DROP INDEX reservations_by_slot;
DROP INDEX reservations_by_vehicle;
CREATE INDEX reservations_by_slot_end ON reservations (slot_id, end_at, start_at);
CREATE INDEX reservations_by_vehicle_end ON reservations (vehicle_number, end_at, start_at);

-- History pages are ordered by (entry time, id), newest first; an owner's
-- indexes now hold that whole order, so a page is read, not sorted.
DROP INDEX records_by_owner;
DROP INDEX reservations_by_owner;
CREATE INDEX records_by_owner ON records (owner_id, entry_at DESC, id DESC) WHERE owner_id IS NOT NULL;
CREATE INDEX reservations_by_owner ON reservations (owner_id, start_at DESC, id DESC);
