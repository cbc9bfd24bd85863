package dev.vxplatform.shared.contract.stock;

import com.hazelcast.map.EntryProcessor;
import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.DataSerializable;
import java.io.IOException;
import java.util.Map;

/**
 * Every change of a sku's stock, atomic on the partition owner and replayed on the backups (the default
 * backup processor is this processor itself; it is deterministic, so replicas converge: it carries the clock it
 * stamps finished holds with and prunes them by, {@link StockRecord#prune}).
 *
 * <p>A backup that does not hold the sku yet (the owner loaded it from the table on first use; nothing is loaded
 * up front) loads it too, and so replays the change over a record that already has it, since the owner wrote it
 * through first. Every change but restock finds itself applied and changes nothing; a restock carries the owner's
 * count from before it ({@link #restockedBefore}), so a backup adds only to that count, never twice.
 *
 * <p>Returns a {@link StockOutcome}: a copy, never the live record (in OBJECT format a local caller would
 * otherwise share it with the partition thread).
 */
public final class StockMutation implements EntryProcessor<String, StockRecord, StockOutcome>, DataSerializable {

  enum Op { INIT, HOLD, UNHOLD, RELEASE, COMMIT, RESTOCK }

  private Op op;
  private String orderId;
  private String attempt;
  private long attemptStartedAt;
  private long qty;
  private long now;
  private long retentionMillis;
  /** A restock's {@code restocked} on the owner before it added, set there and sent to the backups; else -1. */
  private long restockedBefore = -1;

  /** For Hazelcast's deserialization. */
  public StockMutation() {
  }

  private StockMutation(Op op, String orderId, String attempt, long attemptStartedAt, long qty) {
    this(op, orderId, attempt, attemptStartedAt, qty, System.currentTimeMillis(),
        StockRecord.FINISHED_HOLD_RETENTION_MILLIS);
  }

  private StockMutation(Op op, String orderId, String attempt, long attemptStartedAt, long qty, long now,
      long retentionMillis) {
    this.op = op;
    this.orderId = orderId;
    this.attempt = attempt;
    this.attemptStartedAt = attemptStartedAt;
    this.qty = qty;
    this.now = now;
    this.retentionMillis = retentionMillis;
  }

  /** This mutation with another clock and retention of finished holds (tests). */
  StockMutation at(long now, long retentionMillis) {
    StockMutation at = new StockMutation(op, orderId, attempt, attemptStartedAt, qty, now, retentionMillis);
    at.restockedBefore = restockedBefore;
    return at;
  }

  /** Creates the sku's record with {@code initial} units unless it exists: a seed that never overwrites. */
  public static StockMutation init(long initial) {
    return new StockMutation(Op.INIT, null, null, 0, initial);
  }

  /**
   * Holds {@code qty} units for the order, once: a repeat is {@link StockResult#ALREADY_HELD}. {@code
   * attemptStartedAt} is when the attempt began (its clock, ms): a late hold of an attempt older than the retention of
   * finished holds is {@link StockResult#REFUSED}.
   */
  public static StockMutation hold(String orderId, String attempt, long attemptStartedAt, long qty) {
    return new StockMutation(Op.HOLD, orderId, attempt, attemptStartedAt, qty);
  }

  /** Rolls back the hold {@code attempt} placed (all-or-nothing); holds of other attempts are left alone. */
  public static StockMutation unhold(String orderId, String attempt) {
    return new StockMutation(Op.UNHOLD, orderId, attempt, 0, 0);
  }

  public static StockMutation release(String orderId) {
    return new StockMutation(Op.RELEASE, orderId, null, 0, 0);
  }

  public static StockMutation commit(String orderId) {
    return new StockMutation(Op.COMMIT, orderId, null, 0, 0);
  }

  /** Not idempotent: each call adds {@code qty} units. */
  public static StockMutation restock(long qty) {
    return new StockMutation(Op.RESTOCK, null, null, 0, qty);
  }

  @Override
  public StockOutcome process(Map.Entry<String, StockRecord> entry) {
    // A copy: the live record (objects in memory) stays as it was if the database refuses the write, so memory, the
    // backups and the table never disagree about a change that failed.
    StockRecord record = entry.getValue() == null ? null : entry.getValue().copy();
    if (record == null) {
      if (op != Op.INIT) {
        return StockOutcome.unknownSku(); // no setValue: an unknown sku never gets a record by accident
      }
      record = new StockRecord(qty);
      entry.setValue(record);
      return record.outcome(StockResult.CREATED, null, false);
    }
    record.beginChange();
    StockResult result = switch (op) {
      case INIT -> StockResult.EXISTS;
      case HOLD -> record.hold(orderId, attempt, attemptStartedAt, qty, retentionMillis);
      case UNHOLD -> record.unhold(orderId, attempt);
      case RELEASE -> record.release(orderId, now);
      case COMMIT -> record.commit(orderId, now);
      case RESTOCK -> restock(record);
    };
    // After the change, so that it still sees a hold it may forget now; housekeeping, whatever the result.
    boolean pruned = record.prune(now, retentionMillis);
    if (result.writes() || pruned) {
      entry.setValue(record);
    }
    return record.outcome(result, orderId, false);
  }

  private StockResult restock(StockRecord record) {
    if (restockedBefore < 0) { // on the owner
      restockedBefore = record.restocked();
      return record.restock(qty);
    }
    return record.restocked() == restockedBefore ? record.restock(qty) : StockResult.RESTOCKED;
  }

  @Override
  public void writeData(ObjectDataOutput out) throws IOException {
    out.writeByte(op.ordinal());
    out.writeString(orderId);
    out.writeString(attempt);
    out.writeLong(attemptStartedAt);
    out.writeLong(qty);
    out.writeLong(now);
    out.writeLong(retentionMillis);
    out.writeLong(restockedBefore);
  }

  @Override
  public void readData(ObjectDataInput in) throws IOException {
    op = Op.values()[in.readByte()];
    orderId = in.readString();
    attempt = in.readString();
    attemptStartedAt = in.readLong();
    qty = in.readLong();
    now = in.readLong();
    retentionMillis = in.readLong();
    restockedBefore = in.readLong();
  }

  @Override
  public String toString() {
    return op + "(" + (orderId == null ? "" : orderId + ", ") + qty + ")";
  }
}
