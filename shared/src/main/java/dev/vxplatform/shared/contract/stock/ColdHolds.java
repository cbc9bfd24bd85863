package dev.vxplatform.shared.contract.stock;

import com.hazelcast.core.HazelcastInstance;

/**
 * Where the owner of a sku reads back a cold hold: a reserved hold that left memory and lives in the table only
 * ({@link StockRecord}). The member's {@link StockRecordStore} is it, found through the member's user context.
 */
interface ColdHolds {

  String USER_CONTEXT_KEY = ColdHolds.class.getName();

  /**
   * The order's reserved hold on the sku if it is cold (unchanged since {@code coldUpTo}), else null. Blocking: it
   * runs on the partition thread, as a map load does.
   */
  Hold find(String sku, String orderId, long coldUpTo);

  /** This member's, or null on a member without the stock map's store (a lite member, a unit test). */
  static ColdHolds of(HazelcastInstance hazelcast) {
    return (ColdHolds) hazelcast.getUserContext().get(USER_CONTEXT_KEY);
  }

  static ColdHolds required(ColdHolds coldHolds) {
    if (coldHolds == null) {
      throw new IllegalStateException("a stock record has cold holds, but this member has no stock table to read"
          + " them from");
    }
    return coldHolds;
  }
}
