package dev.vxplatform.shared.contract.stock;

import com.hazelcast.map.EntryProcessor;
import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.DataSerializable;
import dev.vxplatform.shared.contract.stock.ReservationRecord.State;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The decisions about one order's reservation, atomic on the partition owner of the order id. A reservation
 * attempt {@code begin}s (and so owns the order for a lease), places holds per sku, then {@code finish}es;
 * {@code release} and {@code commit} decide here first and then apply per sku. Deterministic: the caller passes
 * the clock ({@code now}) and the attempt id, so backups replaying it agree with the primary.
 */
public final class ReservationMutation
    implements EntryProcessor<String, ReservationRecord, ReservationOutcome>, DataSerializable {

  enum Op { BEGIN, FINISH, RELEASE, COMMIT }

  private Op op;
  private final Map<String, Long> items = new LinkedHashMap<>();
  private String attempt;
  private long now;
  private long leaseMillis;
  private boolean reserved;

  /** For Hazelcast's deserialization. */
  public ReservationMutation() {
  }

  private ReservationMutation(Op op, Map<String, Long> items, String attempt, long now, long leaseMillis,
      boolean reserved) {
    this.op = op;
    this.items.putAll(items);
    this.attempt = attempt;
    this.now = now;
    this.leaseMillis = leaseMillis;
    this.reserved = reserved;
  }

  /** What it decides, in lower case ({@code begin}, {@code finish}, ...): for spans and logs. */
  public String operation() {
    return op.name().toLowerCase(Locale.ROOT);
  }

  /**
   * Starts (or takes over, once the previous attempt's lease ran out) an attempt to hold {@code items}.
   * A rejected reservation may start again, with any items.
   */
  public static ReservationMutation begin(Map<String, Long> items, String attempt, long now, long leaseMillis) {
    return new ReservationMutation(Op.BEGIN, items, attempt, now, leaseMillis, false);
  }

  /**
   * A begin's record for an order that has no reservation yet. The store puts it if absent before it submits the
   * processor ({@code StockStore.begin}): the backup of a processor replays it, and a backup that does not hold the
   * key (every new order) would first load it from the table, a query for the row the owner has just written.
   */
  public ReservationRecord started() {
    if (op != Op.BEGIN) {
      throw new IllegalStateException(op + " starts no reservation");
    }
    return new ReservationRecord(State.RESERVING, items, attempt, now);
  }

  /** Records the outcome of {@code attempt}: every line held ({@code reserved}) or rolled back. */
  public static ReservationMutation finish(String attempt, boolean reserved) {
    return new ReservationMutation(Op.FINISH, Map.of(), attempt, 0, 0, reserved);
  }

  public static ReservationMutation release() {
    return new ReservationMutation(Op.RELEASE, Map.of(), null, 0, 0, false);
  }

  public static ReservationMutation commit() {
    return new ReservationMutation(Op.COMMIT, Map.of(), null, 0, 0, false);
  }

  @Override
  public ReservationOutcome process(Map.Entry<String, ReservationRecord> entry) {
    // A copy, as in StockMutation: a write the database refuses leaves the live record as it was.
    ReservationRecord record = entry.getValue() == null ? null : entry.getValue().copy();
    return switch (op) {
      case BEGIN -> begin(entry, record);
      case FINISH -> finish(entry, record);
      case RELEASE -> release(entry, record);
      case COMMIT -> commit(entry, record);
    };
  }

  private ReservationOutcome begin(Map.Entry<String, ReservationRecord> entry, ReservationRecord record) {
    if (record != null && record.tombstone()) {
      return new ReservationOutcome(ReservationResult.WRONG_STATE, record);
    }
    if (record == null || record.state() == State.REJECTED) {
      return write(entry, ReservationResult.STARTED, new ReservationRecord(State.RESERVING, items, attempt, now));
    }
    if (!record.items().equals(items)) {
      return new ReservationOutcome(ReservationResult.ITEMS_DIFFER, record);
    }
    return switch (record.state()) {
      case RESERVED, COMMITTED -> new ReservationOutcome(ReservationResult.UNCHANGED, record);
      case RELEASED -> new ReservationOutcome(ReservationResult.WRONG_STATE, record);
      default -> {
        if (now - record.since() < leaseMillis) {
          yield new ReservationOutcome(ReservationResult.BUSY, record);
        }
        record.takeOver(attempt, now); // the owner is gone or stuck: its holds are adopted by this attempt
        yield write(entry, ReservationResult.STARTED, record);
      }
    };
  }

  private ReservationOutcome finish(Map.Entry<String, ReservationRecord> entry, ReservationRecord record) {
    if (record == null || record.state() != State.RESERVING || !record.attempt().equals(attempt)) {
      return new ReservationOutcome(ReservationResult.SUPERSEDED, record);
    }
    record.state(reserved ? State.RESERVED : State.REJECTED);
    return write(entry, ReservationResult.FINISHED, record);
  }

  /**
   * Releasing an order that is still reserving wins: the attempt's later holds are refused per sku. Releasing an
   * order never seen, or one whose reservation was rejected, leaves a {@linkplain ReservationRecord#tombstone()
   * tombstone}, so that a reservation of it still on its way (a request its sender stopped waiting for, an attempt
   * superseded mid-way) is refused rather than held for an order that is over: a rejected reservation may otherwise
   * start again.
   */
  private ReservationOutcome release(Map.Entry<String, ReservationRecord> entry, ReservationRecord record) {
    if (record == null || record.state() == State.REJECTED) {
      write(entry, ReservationResult.ABSENT, new ReservationRecord(State.RELEASED, Map.of(), "", now));
      return new ReservationOutcome(ReservationResult.ABSENT, null);
    }
    if (record.tombstone()) {
      return new ReservationOutcome(ReservationResult.ABSENT, record);
    }
    return switch (record.state()) {
      case RELEASED, COMMITTED -> new ReservationOutcome(ReservationResult.UNCHANGED, record);
      default -> {
        record.state(State.RELEASED);
        yield write(entry, ReservationResult.DECIDED, record);
      }
    };
  }

  private ReservationOutcome commit(Map.Entry<String, ReservationRecord> entry, ReservationRecord record) {
    if (record == null || record.state() == State.REJECTED || record.tombstone()) {
      return new ReservationOutcome(ReservationResult.ABSENT, record);
    }
    return switch (record.state()) {
      case COMMITTED -> new ReservationOutcome(ReservationResult.UNCHANGED, record);
      case RELEASED -> new ReservationOutcome(ReservationResult.WRONG_STATE, record);
      case RESERVING -> new ReservationOutcome(ReservationResult.BUSY, record);
      default -> {
        record.state(State.COMMITTED);
        yield write(entry, ReservationResult.DECIDED, record);
      }
    };
  }

  private static ReservationOutcome write(Map.Entry<String, ReservationRecord> entry, ReservationResult result,
      ReservationRecord record) {
    entry.setValue(record);
    return new ReservationOutcome(result, record);
  }

  @Override
  public void writeData(ObjectDataOutput out) throws IOException {
    out.writeByte(op.ordinal());
    out.writeString(attempt);
    out.writeLong(now);
    out.writeLong(leaseMillis);
    out.writeBoolean(reserved);
    ItemsWire.write(out, items);
  }

  @Override
  public void readData(ObjectDataInput in) throws IOException {
    op = Op.values()[in.readByte()];
    attempt = in.readString();
    now = in.readLong();
    leaseMillis = in.readLong();
    reserved = in.readBoolean();
    ItemsWire.read(in, items);
  }

  @Override
  public String toString() {
    return op + (items.isEmpty() ? "" : items.toString());
  }
}
