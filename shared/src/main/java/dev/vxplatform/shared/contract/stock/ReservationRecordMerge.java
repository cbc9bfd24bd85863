package dev.vxplatform.shared.contract.stock;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.spi.merge.SplitBrainMergePolicy;
import com.hazelcast.spi.merge.SplitBrainMergeTypes.MapMergeTypes;
import dev.vxplatform.shared.contract.stock.ReservationRecord.State;

/**
 * How an order's two reservation records become one when a split brain heals: by how far each got, not by which copy
 * changed last. A decided reservation (committed, released) beats one still open; between open ones the later attempt
 * wins, and for one attempt the record that got further (reserved or rejected, over reserving). Between two decided
 * ones, or two equal, the copy of the cluster merged into (the larger side) stays. The newer copy whole would let a
 * minority's late write (one it then refuses to acknowledge) undo what the majority decided.
 */
public final class ReservationRecordMerge
    implements SplitBrainMergePolicy<ReservationRecord, MapMergeTypes<Object, ReservationRecord>, Object> {

  @Override
  public Object merge(MapMergeTypes<Object, ReservationRecord> merging,
      MapMergeTypes<Object, ReservationRecord> existing) {
    if (existing == null || existing.getValue() == null) {
      return merging.getRawValue();
    }
    return merging.getValue() != null && wins(merging.getValue(), existing.getValue())
        ? merging.getRawValue() : existing.getRawValue();
  }

  static boolean wins(ReservationRecord theirs, ReservationRecord ours) {
    if (decided(theirs) || decided(ours)) {
      return !decided(ours);
    }
    if (theirs.since() != ours.since()) {
      return theirs.since() > ours.since();
    }
    return ours.state() == State.RESERVING && theirs.state() != State.RESERVING;
  }

  private static boolean decided(ReservationRecord record) {
    return record.state() == State.COMMITTED || record.state() == State.RELEASED;
  }

  @Override
  public void writeData(ObjectDataOutput out) {
    // no state
  }

  @Override
  public void readData(ObjectDataInput in) {
    // no state
  }
}
