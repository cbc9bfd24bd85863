-- Products were written as JSON string values holding the product's JSON text (a String bound to a json
-- parameter by the reactive client), which the catalog could not read back after a restart. Unwrap them.
UPDATE products SET doc = (doc #>> '{}')::json WHERE json_typeof(doc) = 'string';
