package dev.vxplatform.shared.contract.stock;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.DataSerializable;
import java.io.IOException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One order's reservation as a whole: which skus and quantities, and where it stands. It is the decision point
 * for the order (the per-sku holds in {@link StockRecord} follow it), changed only by {@link ReservationMutation}.
 */
public final class ReservationRecord implements DataSerializable {

  /** Where an order's reservation stands. */
  public enum State {
    /** An attempt is placing holds; it owns the reservation until it finishes or its lease runs out. */
    RESERVING,
    /** Every line is held. */
    RESERVED,
    /** The last attempt found a sku short and rolled its holds back: nothing is held; a new attempt may start. */
    REJECTED,
    /** Released by the caller. Final. */
    RELEASED,
    /** Sold. Final. */
    COMMITTED
  }

  private State state;
  private final Map<String, Long> items = new LinkedHashMap<>();
  private String attempt;
  private long since;

  /** For Hazelcast's deserialization. */
  public ReservationRecord() {
  }

  ReservationRecord(State state, Map<String, Long> items, String attempt, long since) {
    this.state = state;
    this.items.putAll(items);
    this.attempt = attempt;
    this.since = since;
  }

  ReservationRecord copy() {
    return new ReservationRecord(state, items, attempt, since);
  }

  public State state() {
    return state;
  }

  /**
   * Released before anything was reserved: it holds nothing and reads as no reservation, but refuses a reservation
   * that arrives later (a request delayed past the order's rejection, e.g. on a node frozen mid-request).
   */
  public boolean tombstone() {
    return state == State.RELEASED && items.isEmpty();
  }

  /** Quantity per sku, in the order the caller's request was normalised to (by sku). */
  public Map<String, Long> items() {
    return Collections.unmodifiableMap(items);
  }

  /** The attempt that owns (or last owned) the reservation. */
  public String attempt() {
    return attempt;
  }

  /** When, in the owning coordinator's clock (epoch ms), the current attempt started. */
  public long since() {
    return since;
  }

  void state(State state) {
    this.state = state;
  }

  void takeOver(String attempt, long since) {
    this.attempt = attempt;
    this.since = since;
  }

  @Override
  public void writeData(ObjectDataOutput out) throws IOException {
    out.writeByte(state.ordinal());
    out.writeString(attempt);
    out.writeLong(since);
    ItemsWire.write(out, items);
  }

  @Override
  public void readData(ObjectDataInput in) throws IOException {
    state = State.values()[in.readByte()];
    attempt = in.readString();
    since = in.readLong();
    ItemsWire.read(in, items);
  }

  @Override
  public String toString() {
    return state + items.toString();
  }
}
