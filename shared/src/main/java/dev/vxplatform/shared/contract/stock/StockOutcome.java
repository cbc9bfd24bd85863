package dev.vxplatform.shared.contract.stock;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.DataSerializable;
import java.io.IOException;

/**
 * The answer of a stock processor: what it did and the sku's counters right after, taken atomically with the
 * change. {@code holdState}/{@code holdQty} describe the order the processor was about; {@code heldTotal},
 * {@code committedTotal} (sums over all holds) are filled by audits only.
 */
public final class StockOutcome implements DataSerializable {

  private StockResult result;
  private long initial;
  private long restocked;
  private long available;
  private long reserved;
  private long sold;
  private HoldState holdState;
  private long holdQty;
  private long heldTotal;
  private long committedTotal;
  private int holds;

  /** For Hazelcast's deserialization. */
  public StockOutcome() {
  }

  StockOutcome(StockResult result, long initial, long restocked, long available, long reserved, long sold,
      HoldState holdState, long holdQty, long heldTotal, long committedTotal, int holds) {
    this.result = result;
    this.initial = initial;
    this.restocked = restocked;
    this.available = available;
    this.reserved = reserved;
    this.sold = sold;
    this.holdState = holdState;
    this.holdQty = holdQty;
    this.heldTotal = heldTotal;
    this.committedTotal = committedTotal;
    this.holds = holds;
  }

  static StockOutcome unknownSku() {
    return new StockOutcome(StockResult.UNKNOWN_SKU, 0, 0, 0, 0, 0, HoldState.NONE, 0, 0, 0, 0);
  }

  public StockResult result() {
    return result;
  }

  public long initial() {
    return initial;
  }

  public long restocked() {
    return restocked;
  }

  public long available() {
    return available;
  }

  public long reserved() {
    return reserved;
  }

  public long sold() {
    return sold;
  }

  public HoldState holdState() {
    return holdState;
  }

  public long holdQty() {
    return holdQty;
  }

  public long heldTotal() {
    return heldTotal;
  }

  public long committedTotal() {
    return committedTotal;
  }

  /** Number of orders (live and finished) remembered for this sku. */
  public int holds() {
    return holds;
  }

  /**
   * The audit's verdict: conservation holds, nothing is negative, and the counters agree with the holds.
   * Meaningful only for an outcome of {@link StockQuery#audit()}, which sums the holds.
   */
  public boolean auditBalanced() {
    return initial + restocked == available + reserved + sold
        && available >= 0 && reserved == heldTotal && sold == committedTotal;
  }

  @Override
  public void writeData(ObjectDataOutput out) throws IOException {
    out.writeByte(result.ordinal());
    out.writeLong(initial);
    out.writeLong(restocked);
    out.writeLong(available);
    out.writeLong(reserved);
    out.writeLong(sold);
    out.writeByte(holdState.ordinal());
    out.writeLong(holdQty);
    out.writeLong(heldTotal);
    out.writeLong(committedTotal);
    out.writeInt(holds);
  }

  @Override
  public void readData(ObjectDataInput in) throws IOException {
    result = StockResult.values()[in.readByte()];
    initial = in.readLong();
    restocked = in.readLong();
    available = in.readLong();
    reserved = in.readLong();
    sold = in.readLong();
    holdState = HoldState.values()[in.readByte()];
    holdQty = in.readLong();
    heldTotal = in.readLong();
    committedTotal = in.readLong();
    holds = in.readInt();
  }

  @Override
  public String toString() {
    return result + "{available=" + available + ", reserved=" + reserved + ", sold=" + sold + ", hold=" + holdState
        + "/" + holdQty + "}";
  }
}
