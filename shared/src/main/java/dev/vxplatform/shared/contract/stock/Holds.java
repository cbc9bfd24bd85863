package dev.vxplatform.shared.contract.stock;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * A sku's holds by order id, copied on write in {@value #SHARDS} shards. Every mutation works on a copy of the sku's
 * record ({@link StockMutation}), on the owner and again on each backup, and a sku may carry thousands of holds (a
 * confirmed order's hold stays until the order completes or is cancelled, a finished one for the retention): a copy
 * here shares every shard and clones only the one it changes, so a mutation costs about 1/{@value #SHARDS} of the
 * sku's holds instead of all of them. Holds are immutable, so sharing them is safe.
 */
final class Holds {

  private static final int SHARDS = 64;

  private final HashMap<String, Hold>[] shards;
  /** Shards this instance cloned (or created) itself and may change in place; the others are shared. */
  private final boolean[] own = new boolean[SHARDS];
  private int size;

  @SuppressWarnings("unchecked")
  Holds() {
    this.shards = new HashMap[SHARDS];
  }

  private Holds(HashMap<String, Hold>[] shards, int size) {
    this.shards = shards;
    this.size = size;
  }

  /** A copy sharing every shard; from now on neither this nor the copy changes a shared shard in place. */
  Holds copy() {
    Arrays.fill(own, false);
    return new Holds(shards.clone(), size);
  }

  Hold get(String orderId) {
    HashMap<String, Hold> shard = shards[indexOf(orderId)];
    return shard == null ? null : shard.get(orderId);
  }

  void put(String orderId, Hold hold) {
    if (writable(indexOf(orderId)).put(orderId, hold) == null) {
      size++;
    }
  }

  void remove(String orderId) {
    int index = indexOf(orderId);
    if (shards[index] != null && shards[index].containsKey(orderId)) {
      writable(index).remove(orderId);
      size--;
    }
  }

  /**
   * Removes every hold {@code forget} accepts (a pure test: it may run twice on a hold) and hands each to
   * {@code forgotten}; visits all of them, so callers keep it rare.
   */
  void removeIf(Predicate<Hold> forget, Consumer<Hold> forgotten) {
    for (int index = 0; index < SHARDS; index++) {
      HashMap<String, Hold> shard = shards[index];
      if (shard != null && shard.values().stream().anyMatch(forget)) {
        for (Iterator<Hold> it = writable(index).values().iterator(); it.hasNext(); ) {
          Hold hold = it.next();
          if (forget.test(hold)) {
            it.remove();
            size--;
            forgotten.accept(hold);
          }
        }
      }
    }
  }

  int size() {
    return size;
  }

  /** Every hold with its order id, shard by shard. */
  Iterator<Map.Entry<String, Hold>> iterator() {
    return Arrays.stream(shards).filter(Objects::nonNull).flatMap(shard -> shard.entrySet().stream()).iterator();
  }

  /** A plain map of every hold (the database store's whole-record write). */
  Map<String, Hold> toMap() {
    Map<String, Hold> all = new HashMap<>(size * 2);
    iterator().forEachRemaining(entry -> all.put(entry.getKey(), entry.getValue()));
    return all;
  }

  private HashMap<String, Hold> writable(int index) {
    if (!own[index]) {
      shards[index] = shards[index] == null ? new HashMap<>() : new HashMap<>(shards[index]);
      own[index] = true;
    }
    return shards[index];
  }

  /**
   * The shard of an order id, from the high bits of its hash mixed by a multiplication. Not the low bits: a
   * {@link HashMap} picks its bucket from the low bits of {@code hash ^ (hash >>> 16)}, so shards chosen by those
   * would hold only keys that share them, and each shard's map would use 1 bucket in {@value #SHARDS}: long chains,
   * turned into trees of larger nodes.
   */
  static int indexOf(String orderId) {
    return (orderId.hashCode() * 0x9E3779B9) >>> (Integer.SIZE - Integer.numberOfTrailingZeros(SHARDS));
  }
}
