package dev.vxplatform.shared.contract.stock;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.HazelcastInstanceAware;
import com.hazelcast.core.ReadOnly;
import com.hazelcast.map.EntryProcessor;
import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.DataSerializable;
import java.io.IOException;
import java.util.Map;

/**
 * Reads a sku's counters on the partition owner without copying its holds ({@code IMap.get} would serialize
 * every hold ever placed). {@link ReadOnly}: no backup, no write. An order's hold that left memory is read from the
 * table ({@link ColdHolds}).
 */
public final class StockQuery implements EntryProcessor<String, StockRecord, StockOutcome>, ReadOnly,
    DataSerializable, HazelcastInstanceAware {

  private String orderId;
  private boolean audit;
  private transient ColdHolds coldHolds;

  /** For Hazelcast's deserialization. */
  public StockQuery() {
  }

  private StockQuery(String orderId, boolean audit) {
    this.orderId = orderId;
    this.audit = audit;
  }

  /** The counters. */
  public static StockQuery counters() {
    return new StockQuery(null, false);
  }

  /** The counters and what {@code orderId} holds of the sku. */
  public static StockQuery holdOf(String orderId) {
    return new StockQuery(orderId, false);
  }

  /** The counters and the sums over all holds, for {@link StockOutcome#auditBalanced()}. */
  public static StockQuery audit() {
    return new StockQuery(null, true);
  }

  @Override
  public StockOutcome process(Map.Entry<String, StockRecord> entry) {
    StockRecord record = entry.getValue();
    if (record == null) {
      return StockOutcome.unknownSku();
    }
    Hold cold = orderId != null && record.holds().mayBeCold(orderId)
        ? ColdHolds.required(coldHolds).find(entry.getKey(), orderId, record.holds().coldUpTo()) : null;
    return record.outcome(StockResult.NO_CHANGE, orderId, cold, audit);
  }

  @Override
  public void setHazelcastInstance(HazelcastInstance hazelcast) {
    coldHolds = ColdHolds.of(hazelcast);
  }

  @Override
  public EntryProcessor<String, StockRecord, StockOutcome> getBackupProcessor() {
    return null;
  }

  @Override
  public void writeData(ObjectDataOutput out) throws IOException {
    out.writeString(orderId);
    out.writeBoolean(audit);
  }

  @Override
  public void readData(ObjectDataInput in) throws IOException {
    orderId = in.readString();
    audit = in.readBoolean();
  }
}
