package dev.vxplatform.shared.contract.stock;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.HazelcastInstanceAware;
import com.hazelcast.map.EntryProcessor;
import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.DataSerializable;
import java.io.IOException;
import java.util.Arrays;
import java.util.Locale;
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
 * <p>A mutation for an order whose hold may be cold (in the table only, {@link StockRecord}) reads it on the owner
 * first ({@link ColdHolds}, a blocking read on the partition thread, as a map load is) and carries what it read to
 * the backups ({@link #getBackupProcessor}), which never read the table. A hold of an order's first reservation
 * attempt never looks: that order has no hold anywhere yet.
 *
 * <p>Returns a {@link StockOutcome}: a copy, never the live record (in OBJECT format a local caller would
 * otherwise share it with the partition thread).
 */
public final class StockMutation
    implements EntryProcessor<String, StockRecord, StockOutcome>, DataSerializable, HazelcastInstanceAware {

  enum Op { INIT, HOLD, UNHOLD, RELEASE, COMMIT, RESTOCK }

  private Op op;
  private String orderId;
  private String attempt;
  private long attemptStartedAt;
  private boolean firstAttempt;
  private long qty;
  private long now;
  private long retentionMillis;
  private long warmMillis;
  /** A restock's {@code restocked} on the owner before it added, set there and sent to the backups; else -1. */
  private long restockedBefore = -1;
  /** Set on the copy sent to the backups: the owner looked for a cold hold, and found {@link #warmed} (or null). */
  private boolean backup;
  private Hold warmed;
  /** The owner's counters before it warmed {@link #warmed}: a backup warms only a record that has exactly these. */
  private long[] countersBefore;
  private transient ColdHolds coldHolds;

  /** For Hazelcast's deserialization. */
  public StockMutation() {
  }

  private StockMutation(Op op, String orderId, String attempt, long attemptStartedAt, long qty) {
    this.op = op;
    this.orderId = orderId;
    this.attempt = attempt;
    this.attemptStartedAt = attemptStartedAt;
    this.qty = qty;
    this.now = System.currentTimeMillis();
    this.retentionMillis = StockRecord.FINISHED_HOLD_RETENTION_MILLIS;
    this.warmMillis = StockRecord.RESERVED_HOLD_WARM_MILLIS;
  }

  private StockMutation copy() {
    StockMutation copy = new StockMutation(op, orderId, attempt, attemptStartedAt, qty);
    copy.firstAttempt = firstAttempt;
    copy.now = now;
    copy.retentionMillis = retentionMillis;
    copy.warmMillis = warmMillis;
    copy.restockedBefore = restockedBefore;
    copy.coldHolds = coldHolds;
    return copy;
  }

  /** This mutation with another clock and retention of finished holds (tests). */
  StockMutation at(long now, long retentionMillis) {
    return at(now, retentionMillis, StockRecord.RESERVED_HOLD_WARM_MILLIS);
  }

  /** This mutation with another clock, retention of finished holds and time reserved holds stay warm (tests). */
  StockMutation at(long now, long retentionMillis, long warmMillis) {
    StockMutation at = copy();
    at.now = now;
    at.retentionMillis = retentionMillis;
    at.warmMillis = warmMillis;
    return at;
  }

  /** Creates the sku's record with {@code initial} units unless it exists: a seed that never overwrites. */
  public static StockMutation init(long initial) {
    return new StockMutation(Op.INIT, null, null, 0, initial);
  }

  /**
   * Holds {@code qty} units for the order, once: a repeat is {@link StockResult#ALREADY_HELD}. {@code
   * attemptStartedAt} is when the attempt began (its clock, ms): a late hold of an attempt older than the retention of
   * finished holds is {@link StockResult#REFUSED}. {@code firstAttempt}: the order had no reservation before this
   * attempt, so it has no hold to find, in memory or in the table.
   */
  public static StockMutation hold(String orderId, String attempt, long attemptStartedAt, long qty,
      boolean firstAttempt) {
    StockMutation hold = new StockMutation(Op.HOLD, orderId, attempt, attemptStartedAt, qty);
    hold.firstAttempt = firstAttempt;
    return hold;
  }

  /**
   * Rolls back the hold {@code attempt} placed (all-or-nothing); holds of other attempts are left alone. The hold
   * changed when the attempt placed or adopted it, after {@code attemptStartedAt}.
   */
  public static StockMutation unhold(String orderId, String attempt, long attemptStartedAt) {
    return new StockMutation(Op.UNHOLD, orderId, attempt, attemptStartedAt, 0);
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

  /** What it does, in lower case ({@code hold}, {@code commit}, ...): for spans and logs. */
  public String operation() {
    return op.name().toLowerCase(Locale.ROOT);
  }

  /** The order it changes a hold of, or null (init, restock). */
  public String orderId() {
    return orderId;
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
      return record.outcome(StockResult.CREATED, null, null, false);
    }
    record.beginChange();
    warmColdHold(entry.getKey(), record);
    StockResult result = switch (op) {
      case INIT -> StockResult.EXISTS;
      case HOLD -> record.hold(orderId, attempt, attemptStartedAt, qty, now, retentionMillis);
      case UNHOLD -> record.unhold(orderId, attempt, now);
      case RELEASE -> record.release(orderId, now);
      case COMMIT -> record.commit(orderId, now);
      case RESTOCK -> restock(record);
    };
    // After the change, so that it still sees a hold it may forget now; housekeeping, whatever the result.
    boolean pruned = record.prune(now, retentionMillis, warmMillis);
    if (result.writes() || pruned) {
      entry.setValue(record);
    }
    return record.outcome(result, orderId, null, false);
  }

  /**
   * On the owner, reads the order's hold from the table if it may be there; on a backup, takes what the owner read,
   * unless its record is not the one the owner changed: a backup that loaded the sku after the owner's write (the
   * record already holds the change) would otherwise count the warmed hold twice.
   */
  private void warmColdHold(String sku, StockRecord record) {
    if (!backup) {
      warmed = mayFindColdHold(record)
          ? ColdHolds.required(coldHolds).find(sku, orderId, record.holds().coldUpTo()) : null;
      countersBefore = warmed == null ? null : record.counters();
    } else if (warmed != null && !Arrays.equals(countersBefore, record.counters())) {
      return;
    }
    if (warmed != null) {
      record.warm(orderId, warmed);
    }
  }

  private boolean mayFindColdHold(StockRecord record) {
    if (orderId == null || !record.holds().mayBeCold(orderId)) {
      return false;
    }
    return switch (op) {
      case HOLD -> !firstAttempt;
      case UNHOLD -> attemptStartedAt <= record.holds().coldUpTo(); // a later attempt's hold changed after the cut-off
      case RELEASE, COMMIT -> true;
      case INIT, RESTOCK -> false;
    };
  }

  /** A copy for the backups, with the cold hold the owner read (if any): backups never read the table. */
  @Override
  public StockMutation getBackupProcessor() {
    StockMutation copy = copy();
    copy.backup = true;
    copy.warmed = warmed;
    copy.countersBefore = countersBefore;
    return copy;
  }

  /** This mutation reading cold holds from {@code table} (tests; on a member, the stock map's store). */
  StockMutation readingColdHoldsFrom(ColdHolds table) {
    coldHolds = table;
    return this;
  }

  @Override
  public void setHazelcastInstance(HazelcastInstance hazelcast) {
    coldHolds = ColdHolds.of(hazelcast);
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
    out.writeBoolean(firstAttempt);
    out.writeLong(qty);
    out.writeLong(now);
    out.writeLong(retentionMillis);
    out.writeLong(warmMillis);
    out.writeLong(restockedBefore);
    out.writeBoolean(backup);
    out.writeBoolean(warmed != null);
    if (warmed != null) {
      HoldWire.write(out, warmed);
      out.writeLongArray(countersBefore);
    }
  }

  @Override
  public void readData(ObjectDataInput in) throws IOException {
    op = Op.values()[in.readByte()];
    orderId = in.readString();
    attempt = in.readString();
    attemptStartedAt = in.readLong();
    firstAttempt = in.readBoolean();
    qty = in.readLong();
    now = in.readLong();
    retentionMillis = in.readLong();
    warmMillis = in.readLong();
    restockedBefore = in.readLong();
    backup = in.readBoolean();
    warmed = in.readBoolean() ? HoldWire.read(in) : null;
    countersBefore = warmed == null ? null : in.readLongArray();
  }

  @Override
  public String toString() {
    return op + "(" + (orderId == null ? "" : orderId + ", ") + qty + ")";
  }
}
