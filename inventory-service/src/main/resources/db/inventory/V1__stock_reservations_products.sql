-- The inventory-service's tables in its own schema (Flyway applies this with search_path = inventory). The stock
-- and reservation maps write through to them (shared StockRecordStore, ReservationRecordStore) and load from them.

-- One row of counters per sku; initial + restocked = available + reserved + sold in every committed row.
CREATE TABLE stock (
  sku           text PRIMARY KEY,
  initial       bigint NOT NULL,
  restocked     bigint NOT NULL,
  available     bigint NOT NULL CHECK (available >= 0),
  reserved      bigint NOT NULL CHECK (reserved >= 0),
  sold          bigint NOT NULL CHECK (sold >= 0),
  pruned_sold   bigint NOT NULL,
  last_prune_at bigint NOT NULL
);

-- Each order's hold on a sku: one row written per change, whatever the sku's history. Finished holds are deleted
-- when the sku's record prunes them (2 days after they finished).
CREATE TABLE holds (
  sku         text   NOT NULL,
  order_id    text   NOT NULL,
  qty         bigint NOT NULL,
  state       text   NOT NULL,
  attempt     text,
  finished_at bigint NOT NULL,
  PRIMARY KEY (sku, order_id)
);

-- One row per order: the order-level decision the holds follow.
CREATE TABLE reservations (
  order_id text PRIMARY KEY,
  state    text   NOT NULL,
  attempt  text,
  since    bigint NOT NULL,
  items    json   NOT NULL
);

-- The catalog (a Hazelcast ReplicatedMap, which has no map store): written here before the map, read back at start.
CREATE TABLE products (
  sku text PRIMARY KEY,
  doc json NOT NULL
);
