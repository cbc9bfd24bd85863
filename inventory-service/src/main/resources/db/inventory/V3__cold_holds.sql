-- A reserved hold left untouched for a while leaves memory and lives in the holds table only (a "cold" hold); the
-- stock row counts a sku's cold holds and their units, and says which rows are cold: reserved ones unchanged since
-- cold_up_to. So holds need the time of their last change whatever their state, not only once finished.
ALTER TABLE holds RENAME COLUMN finished_at TO changed_at;

-- Reserved holds written before this migration get "now": they stay in memory for a while, like new ones.
UPDATE holds SET changed_at = (EXTRACT(EPOCH FROM clock_timestamp()) * 1000)::bigint WHERE state = 'RESERVED';

ALTER TABLE stock
  ADD COLUMN cold_up_to    bigint NOT NULL DEFAULT 0,
  ADD COLUMN cold_holds    bigint NOT NULL DEFAULT 0 CHECK (cold_holds >= 0),
  ADD COLUMN cold_reserved bigint NOT NULL DEFAULT 0 CHECK (cold_reserved >= 0);
