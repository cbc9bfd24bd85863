/**
 * The inventory's stock data and the entry processors that change it, run by Hazelcast on whichever member owns
 * a key's partition (and re-run on its backups).
 *
 * <p>Why in {@code shared}: stock lives in IMaps whose partitions spread over every data member of the cluster,
 * order-service JVMs included, so every data member must be able to deserialize these values and run these
 * processors. Every JVM of the platform has {@code shared} on its classpath; not every JVM has the
 * inventory-service. The classes are {@link com.hazelcast.nio.serialization.DataSerializable} (compact, no
 * factory, no serialization config), pure functions of their inputs and the entry (no clock, no randomness), so
 * a backup that re-runs a processor reaches the same state as the primary.
 *
 * <p>Idempotency: every change is keyed by an order id (and an attempt id for reservation attempts), so a
 * caller may retry any processor after an indeterminate failure (member crash, missing backup ack). Only
 * {@link dev.vxplatform.shared.contract.stock.StockMutation#restock(long)} is not: it adds units.
 */
package dev.vxplatform.shared.contract.stock;
