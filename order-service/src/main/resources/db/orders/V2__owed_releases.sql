-- Releases the order-service owes inventory: orders it ended (REJECTED) while they may still hold stock. A row is
-- written before the order is ended and deleted once inventory has released, so a release that failed or was cut
-- off by a crash is retried by the reconciler's next pass instead of holding the units for good.
CREATE TABLE owed_releases (
  order_id text   PRIMARY KEY,
  since    bigint NOT NULL
);
