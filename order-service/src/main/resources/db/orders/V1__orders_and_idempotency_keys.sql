-- The order-service's tables in its own schema (Flyway applies this with search_path = orders). Hazelcast's maps
-- write through to them (shared JsonDocumentStore: id, doc as exact JSON text, expiry) and load from them on a miss.

-- Orders are business records: never deleted here; Hazelcast only evicts cold ones from memory.
CREATE TABLE orders (
  id          text PRIMARY KEY,
  doc         json NOT NULL,
  expires_at  bigint,
  -- Columns of the document that queries look at, kept by PostgreSQL itself.
  status      text   GENERATED ALWAYS AS (doc ->> 'status') STORED,
  customer_id text   GENERATED ALWAYS AS (doc ->> 'customerId') STORED,
  updated_at  bigint GENERATED ALWAYS AS ((doc ->> 'updatedAt')::bigint) STORED
);

-- The reconciler's question: which orders are still PENDING since before a cutoff (a small, partial index).
CREATE INDEX orders_pending_since ON orders (updated_at) WHERE status = 'PENDING';
-- A customer's page of orders, oldest first (ids sort by creation time).
CREATE INDEX orders_by_customer ON orders (customer_id, id);

-- Idempotency keys expire (IDEMPOTENCY_TTL_SECONDS after their last write); a scheduled delete removes them.
CREATE TABLE idempotency_keys (
  id         text PRIMARY KEY,
  doc        json NOT NULL,
  expires_at bigint
);

CREATE INDEX idempotency_keys_expiry ON idempotency_keys (expires_at);
