package dev.vxplatform.shared.contract.stock;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.DataSerializable;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The stock of one sku: its counters and every order's hold on it. Changed only by {@link StockMutation} on the
 * partition owner, which keeps {@code initial + restocked = available + reserved + sold} in every step.
 *
 * <p>Each mutator checks first and changes after, so a refused change leaves the record untouched.
 *
 * <p>Memory keeps the holds that may still be asked for soon. A reserved hold left untouched for
 * {@link #RESERVED_HOLD_WARM_MILLIS} (its order is placed and waits to be completed or cancelled, which may take
 * days) leaves memory at the next prune and stays in the table only; the record counts these cold holds and their
 * units, and a mutation for such an order reads its hold back first ({@link ColdHolds}). So a sku's record, and
 * every copy, backup and migration of it, holds the last minutes of its orders, whatever its history.
 */
public final class StockRecord implements DataSerializable {

  /**
   * How long a finished (committed or released) hold is kept, in memory and in the table: far longer than a
   * reservation attempt lives (its lease is seconds). Retries of a finished order never reach its holds (idempotency
   * keys and the reservation record answer them). What a finished hold still refuses is a late hold of an attempt
   * that began before it finished, and {@link #hold} refuses those by the attempt's start once it is forgotten.
   */
  public static final long FINISHED_HOLD_RETENTION_MILLIS = TimeUnit.MINUTES.toMillis(15);
  /** Pruning scans every hold of the sku, so at most once a minute per sku. */
  static final long PRUNE_INTERVAL_MILLIS = TimeUnit.MINUTES.toMillis(1);
  /**
   * How long a reserved hold stays in memory after it was placed or adopted: far longer than a reservation attempt
   * lives, so the attempt finds it there; its commit or release, later, may read it back from the table.
   */
  public static final long RESERVED_HOLD_WARM_MILLIS = TimeUnit.MINUTES.toMillis(2);

  private long initial;
  private long restocked;
  private long available;
  private long reserved;
  private long sold;
  /** Units of committed holds pruned so far: they still count as sold in the audit. */
  private long prunedSold;
  private long lastPruneAt;
  private Holds holds = new Holds();
  /**
   * What the current mutation changed, for the database store ({@link StockRecordStore}), which then writes only
   * that: the counters, at most one hold, and the holds pruned. Not serialized: a record that reached the store
   * some other way (a copy, a merge) reads as "unknown", and the store writes all of it.
   */
  private transient boolean changesKnown;
  private transient String changedHold;
  private transient long prunedUpTo;
  private transient Hold warmedFrom;
  /** Written by this member's store (or copied from one that was); else its first write here is whole. */
  private transient boolean writtenHere;

  /** For Hazelcast's deserialization. */
  public StockRecord() {
  }

  StockRecord(long initial) {
    this.initial = initial;
    this.available = initial;
  }

  /** A copy for a mutation to change, sharing the holds until changed ({@link Holds}); changes unknown yet. */
  StockRecord copy() {
    StockRecord copy = withCounters(counters());
    copy.holds = holds.copy();
    copy.writtenHere = writtenHere;
    return copy;
  }

  /** Called by each mutation before it changes anything: from here on, what changes is tracked. */
  void beginChange() {
    changesKnown = true;
    changedHold = null;
    prunedUpTo = 0;
    warmedFrom = null;
  }

  /** Brings a cold hold back into memory, unless it has the order's hold: read by the owner, sent to backups. */
  void warm(String orderId, Hold cold) {
    if (holds.warm(orderId, cold)) {
      warmedFrom = cold;
    }
  }

  /**
   * Holds once per order. An attempt that began before the last prune's cut-off ({@code lastPruneAt -
   * retentionMillis}) is refused a new hold: its order may have had a hold that finished and was forgotten since
   * (a node paused for minutes, resumed with a hold to send), and no live attempt is that old.
   */
  StockResult hold(String orderId, String attempt, long attemptStartedAt, long qty, long now,
      long retentionMillis) {
    changedHold = orderId;
    Hold hold = holds.live(orderId);
    if (hold == null && lastPruneAt > 0 && attemptStartedAt <= lastPruneAt - retentionMillis) {
      return StockResult.REFUSED;
    }
    if (hold != null) {
      return switch (hold.state()) {
        case RESERVED -> {
          holds.put(orderId, hold.adoptedBy(attempt, now)); // a retried or taken-over attempt adopts the hold it finds
          yield StockResult.ALREADY_HELD;
        }
        case COMMITTED -> StockResult.ALREADY_HELD;
        default -> StockResult.REFUSED;
      };
    }
    if (available < qty) {
      return StockResult.SHORT;
    }
    available -= qty;
    reserved += qty;
    holds.put(orderId, new Hold(qty, HoldState.RESERVED, attempt, now));
    return StockResult.HELD;
  }

  /**
   * Rolls back a hold of a failed reservation attempt: as if it never happened (a later attempt may hold again). The
   * hold stays as a tombstone ({@link HoldState#NONE}, no units) until pruned, so that a split-brain merge can tell a
   * hold rolled back on one side from one placed on the other ({@link StockRecordMerge}).
   */
  StockResult unhold(String orderId, String attempt, long now) {
    changedHold = orderId;
    Hold hold = holds.get(orderId);
    if (hold == null || hold.state() != HoldState.RESERVED || !hold.attempt().equals(attempt)) {
      return StockResult.NO_CHANGE;
    }
    holds.put(orderId, new Hold(0, HoldState.NONE, attempt, now));
    available += hold.qty();
    reserved -= hold.qty();
    return StockResult.UNHELD;
  }

  /** Final: a hold placed later for the same order is refused (the tombstone is what refuses it). */
  StockResult release(String orderId, long now) {
    changedHold = orderId;
    Hold hold = holds.live(orderId);
    if (hold == null) {
      holds.put(orderId, new Hold(0, HoldState.RELEASED, "", now));
      return StockResult.TOMBSTONED;
    }
    if (hold.state() != HoldState.RESERVED) {
      return StockResult.NO_CHANGE;
    }
    holds.put(orderId, hold.finishedAs(HoldState.RELEASED, now));
    available += hold.qty();
    reserved -= hold.qty();
    return StockResult.RELEASED;
  }

  StockResult commit(String orderId, long now) {
    changedHold = orderId;
    Hold hold = holds.live(orderId);
    if (hold == null || hold.state() == HoldState.RELEASED) {
      return StockResult.MISSING;
    }
    if (hold.state() == HoldState.COMMITTED) {
      return StockResult.NO_CHANGE;
    }
    holds.put(orderId, hold.finishedAs(HoldState.COMMITTED, now));
    reserved -= hold.qty();
    sold += hold.qty();
    return StockResult.COMMITTED;
  }

  long restocked() {
    return restocked;
  }

  StockResult restock(long qty) {
    restocked += qty;
    available += qty;
    return StockResult.RESTOCKED;
  }

  /**
   * Forgets holds finished at least {@code retentionMillis} before {@code now}, and moves reserved holds untouched
   * for {@code warmMillis} to the table only, at most once per {@link #PRUNE_INTERVAL_MILLIS} (or per either time, if
   * shorter). Deterministic in its arguments, so the backups, replaying the same mutation, forget and chill the same
   * holds. A pruned commit stays in the audit through {@code prunedSold}, a cold hold through the units the holds
   * count as cold;
   * a hold of an attempt older than the cut-off is refused by {@link #hold} instead.
   *
   * @return whether the record changed (it then has to be written)
   */
  boolean prune(long now, long retentionMillis, long warmMillis) {
    if (now - lastPruneAt < Math.min(PRUNE_INTERVAL_MILLIS, Math.min(retentionMillis, warmMillis))) {
      return false;
    }
    lastPruneAt = now;
    prunedUpTo = now - retentionMillis;
    holds.prune(prunedUpTo, now - warmMillis,
        forgotten -> prunedSold += forgotten.state() == HoldState.COMMITTED ? forgotten.qty() : 0);
    return true;
  }

  /**
   * An immutable copy of the counters and of {@code orderId}'s hold (or {@code coldHold}, read from the table, when
   * memory lacks it); with sums of the holds when {@code audit}, the cold ones counted by their sum.
   */
  StockOutcome outcome(StockResult result, String orderId, Hold coldHold, boolean audit) {
    Hold hold = orderId == null ? null : holds.get(orderId);
    hold = hold == null ? coldHold : hold;
    long held = audit ? holds.coldUnits() + holds.units(HoldState.RESERVED) : 0;
    long committed = prunedSold + (audit ? holds.units(HoldState.COMMITTED) : 0);
    return new StockOutcome(result, initial, restocked, available, reserved, sold,
        hold == null ? HoldState.NONE : hold.state(), hold == null ? 0 : hold.qty(), held, committed,
        holds.size() + (int) holds.coldCount());
  }

  // The database store's view: counters, holds and what the last mutation changed.

  /** A record as the database holds it; its changes are unknown until a mutation begins. */
  static StockRecord restored(long[] counters, Map<String, Hold> holds) {
    StockRecord record = withCounters(counters);
    holds.forEach(record.holds::put);
    return record;
  }

  private static StockRecord withCounters(long[] counters) {
    StockRecord record = new StockRecord();
    record.setCounters(counters);
    return record;
  }

  private void setCounters(long[] counters) {
    initial = counters[0];
    restocked = counters[1];
    available = counters[2];
    reserved = counters[3];
    sold = counters[4];
    prunedSold = counters[5];
    lastPruneAt = counters[6];
    holds.cold(counters[7], counters[8], counters[9]);
  }

  /**
   * {@code initial, restocked, available, reserved, sold, prunedSold, lastPruneAt, coldUpTo, coldHolds,
   * coldReserved}, the order of {@link #restored}.
   */
  long[] counters() {
    return new long[] {initial, restocked, available, reserved, sold, prunedSold, lastPruneAt, holds.coldUpTo(),
        holds.coldCount(), holds.coldUnits()};
  }

  Holds holds() {
    return holds;
  }

  boolean changesKnown() {
    return changesKnown;
  }

  boolean writtenHere() {
    return writtenHere;
  }

  void written() {
    writtenHere = true;
  }

  /** The order whose hold the current mutation touched (it may now be a tombstone, or gone), or null. */
  String changedHold() {
    return changedHold;
  }

  /** Finished holds up to this time (inclusive) were pruned by the current mutation; 0 if none were. */
  long prunedUpTo() {
    return prunedUpTo;
  }

  /** The cold hold the current mutation read back from the table, as the table had it; null if none. */
  Hold warmedFrom() {
    return warmedFrom;
  }

  @Override
  public void writeData(ObjectDataOutput out) throws IOException {
    for (long counter : counters()) {
      out.writeLong(counter);
    }
    holds.writeTo(out);
  }

  @Override
  public void readData(ObjectDataInput in) throws IOException {
    long[] counters = new long[counters().length];
    for (int i = 0; i < counters.length; i++) {
      counters[i] = in.readLong();
    }
    holds = Holds.readFrom(in);
    setCounters(counters);
  }
}
