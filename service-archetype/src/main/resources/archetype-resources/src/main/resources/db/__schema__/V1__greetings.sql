-- The ${serviceName}'s tables in its own schema, ${schema}: the service runs Flyway at every start, which creates
-- the schema and applies this once, with search_path = ${schema}. The map ${schema}.greetings writes through to this
-- table (shared JsonDocumentStore: the key, the document as the exact JSON text the map holds, an expiry it leaves
-- null) and loads from it on a miss. Change the schema with a new migration (V2__what_it_does.sql), never by editing
-- this one.
CREATE TABLE greetings (
  id         text PRIMARY KEY,
  doc        json NOT NULL,
  expires_at bigint
);

-- A query of the service's own (through Database.pool) reads a column generated from the document, indexed, as
-- order-service does for its orders, for example:
--   ALTER TABLE greetings ADD COLUMN salutation text GENERATED ALWAYS AS (doc ->> 'salutation') STORED;
--   CREATE INDEX greetings_by_salutation ON greetings (salutation);
