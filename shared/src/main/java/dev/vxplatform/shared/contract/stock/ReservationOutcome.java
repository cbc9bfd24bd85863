package dev.vxplatform.shared.contract.stock;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.DataSerializable;
import java.io.IOException;

/** The answer of a {@link ReservationMutation}: its decision and a copy of the record right after (or null). */
public final class ReservationOutcome implements DataSerializable {

  private ReservationResult result;
  private ReservationRecord record;
  /** Never on the wire: set only by {@link #started}, which the caller's member builds itself. */
  private boolean firstAttempt;

  /** For Hazelcast's deserialization. */
  public ReservationOutcome() {
  }

  ReservationOutcome(ReservationResult result, ReservationRecord record) {
    this.result = result;
    this.record = record == null ? null : record.copy();
  }

  /** A begin that found no reservation and stored {@code record} ({@link ReservationMutation#started}). */
  public static ReservationOutcome started(ReservationRecord record) {
    ReservationOutcome started = new ReservationOutcome(ReservationResult.STARTED, record);
    started.firstAttempt = true;
    return started;
  }

  /** Started the order's first reservation attempt ever: the order holds nothing anywhere yet. */
  public boolean firstAttempt() {
    return firstAttempt;
  }

  public ReservationResult result() {
    return result;
  }

  /** The record after the call; null when the order has none. */
  public ReservationRecord record() {
    return record;
  }

  @Override
  public void writeData(ObjectDataOutput out) throws IOException {
    out.writeByte(result.ordinal());
    out.writeBoolean(record != null);
    if (record != null) {
      record.writeData(out);
    }
  }

  @Override
  public void readData(ObjectDataInput in) throws IOException {
    result = ReservationResult.values()[in.readByte()];
    if (in.readBoolean()) {
      record = new ReservationRecord();
      record.readData(in);
    }
  }

  @Override
  public String toString() {
    return result + " " + record;
  }
}
