package dev.vxplatform.shared.contract.stock;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.spi.merge.SplitBrainMergePolicy;
import com.hazelcast.spi.merge.SplitBrainMergeTypes.MapMergeTypes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How a sku's two copies become one when a split brain heals: hold by hold, not the newer copy whole. Both sides of a
 * split may change one sku (the minority before it notices the split, or with writes it then refuses to acknowledge),
 * and the newer copy whole ({@code LatestUpdateMergePolicy}) drops every change the other side made: seen in the
 * partition check, a minority's late write made its stale copy win, and holds that the majority had committed or
 * released since were back at reserved, or gone.
 *
 * <p>The copy of the cluster merged into (the larger side) is the base, with its counters of pruned and cold holds.
 * Each hold of the merging copy is compared with the base's: a finished hold (committed, released) beats one that is
 * not, otherwise the later change wins (a rollback's tombstone, {@link StockRecord#unhold}, against the hold it rolled
 * back, or against a hold a later attempt placed). A hold the base lacks is added, unless the base has forgotten it (a
 * settled hold older than its last prune's cut-off) or keeps it cold (reserved, untouched since its cold cut-off). The
 * counters are then counted again from the holds. Restocks are counters, not holds: the larger total is kept (a
 * restock on each side during the split keeps one). The holds only the merging side placed are added last, earliest
 * first, each while units are left: where both sides held the same last units, the merging side's give way. Stock is
 * never oversold, and those are holds that may never have been acknowledged (a minority refuses to acknowledge what it
 * writes once it has noticed the split).
 */
public final class StockRecordMerge implements SplitBrainMergePolicy<StockRecord, MapMergeTypes<Object, StockRecord>,
    Object> {

  private static final Logger LOG = LoggerFactory.getLogger(StockRecordMerge.class);

  @Override
  public Object merge(MapMergeTypes<Object, StockRecord> merging, MapMergeTypes<Object, StockRecord> existing) {
    if (existing == null || existing.getValue() == null) {
      return merging.getRawValue();
    }
    if (merging.getValue() == null) {
      return existing.getRawValue();
    }
    return merge(merging.getValue(), existing.getValue());
  }

  /** A new record: neither argument is changed (the base may be the live one in the record store). */
  static StockRecord merge(StockRecord merging, StockRecord base) {
    long[] counters = base.counters();
    long forgottenUpTo = counters[6] - StockRecord.FINISHED_HOLD_RETENTION_MILLIS;
    long coldUpTo = counters[7];
    Map<String, Hold> holds = base.holds().toMap();
    List<Map.Entry<String, Hold>> newlyHeld = new ArrayList<>();
    merging.holds().iterator().forEachRemaining(entry -> {
      Hold theirs = entry.getValue();
      Hold ours = holds.get(entry.getKey());
      if (ours == null ? !(theirs.settled() ? theirs.changedAt() <= forgottenUpTo : theirs.coldBy(coldUpTo))
          : wins(theirs, ours)) {
        if (theirs.state() == HoldState.RESERVED && (ours == null || ours.state() == HoldState.NONE)) {
          newlyHeld.add(entry);
        } else {
          holds.put(entry.getKey(), theirs);
        }
      }
    });
    counters[1] = Math.max(counters[1], merging.counters()[1]);
    long available = recount(counters, holds);
    List<String> dropped = new ArrayList<>();
    newlyHeld.sort(Comparator.comparingLong(entry -> entry.getValue().changedAt()));
    for (Map.Entry<String, Hold> held : newlyHeld) {
      if (held.getValue().qty() <= available) {
        holds.put(held.getKey(), held.getValue());
        available -= held.getValue().qty();
      } else {
        dropped.add(held.getKey());
      }
    }
    recount(counters, holds);
    if (!dropped.isEmpty()) {
      LOG.warn("Split-brain merge: both sides held the last units; dropped the holds of orders {}, which only the"
          + " merging side had", dropped);
    }
    return StockRecord.restored(counters, holds);
  }

  /** Sets reserved, sold and available from the holds (cold ones by their count). @return available */
  private static long recount(long[] counters, Map<String, Hold> holds) {
    long reserved = counters[9];
    long sold = counters[5];
    for (Hold hold : holds.values()) {
      reserved += hold.state() == HoldState.RESERVED ? hold.qty() : 0;
      sold += hold.state() == HoldState.COMMITTED ? hold.qty() : 0;
    }
    counters[2] = counters[0] + counters[1] - reserved - sold;
    counters[3] = reserved;
    counters[4] = sold;
    return counters[2];
  }

  private static boolean wins(Hold theirs, Hold ours) {
    if (theirs.finished() != ours.finished()) {
      return theirs.finished();
    }
    return theirs.changedAt() > ours.changedAt();
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
