-- An order placed with an Idempotency-Key is that key's record (its id is derived from the key), so the keys'
-- table goes. Such ids do not sort by creation time: a customer's page is ordered by creation time, then id.
DROP TABLE idempotency_keys;

ALTER TABLE orders ADD COLUMN created_at bigint GENERATED ALWAYS AS ((doc ->> 'createdAt')::bigint) STORED;
DROP INDEX orders_by_customer;
CREATE INDEX orders_by_customer ON orders (customer_id, created_at, id);
