package dev.vxplatform.shared.contract.stock;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import java.io.IOException;
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
 *
 * <p>It also counts the sku's cold holds: reserved holds that left memory and live in the table only
 * ({@link StockRecord#prune}, {@link ColdHolds}).
 */
final class Holds {

  private static final int SHARDS = 64;

  private final HashMap<String, Hold>[] shards;
  /** Shards this instance cloned (or created) itself and may change in place; the others are shared. */
  private final boolean[] own = new boolean[SHARDS];
  private int size;
  /** Every reserved hold untouched since this time (inclusive) that memory lacks is in the table. */
  private long coldUpTo;
  private long coldCount;
  private long coldUnits;

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
    Holds copy = new Holds(shards.clone(), size);
    copy.cold(coldUpTo, coldCount, coldUnits);
    return copy;
  }

  void cold(long upTo, long count, long units) {
    coldUpTo = upTo;
    coldCount = count;
    coldUnits = units;
  }

  long coldUpTo() {
    return coldUpTo;
  }

  long coldCount() {
    return coldCount;
  }

  long coldUnits() {
    return coldUnits;
  }

  boolean mayBeCold(String orderId) {
    return coldCount > 0 && get(orderId) == null;
  }

  /** Puts a cold hold back in memory unless the order has one here: @return whether it did. */
  boolean warm(String orderId, Hold cold) {
    if (get(orderId) != null) {
      return false;
    }
    put(orderId, cold);
    coldCount--;
    coldUnits -= cold.qty();
    return true;
  }

  /**
   * One pass over every hold: forgets the finished ones that changed up to {@code forgetUpTo} (handing each to
   * {@code forgotten}) and counts as cold, leaving memory, the reserved ones untouched since {@code chillUpTo}.
   */
  void prune(long forgetUpTo, long chillUpTo, Consumer<Hold> forgotten) {
    long upTo = Math.max(coldUpTo, chillUpTo);
    removeIf(hold -> hold.settled() ? hold.changedAt() <= forgetUpTo : hold.coldBy(upTo), gone -> {
      if (gone.settled()) {
        forgotten.accept(gone);
      } else {
        coldCount++;
        coldUnits += gone.qty();
      }
    });
    coldUpTo = upTo;
  }

  /** The order's hold, or null when it has none or only the tombstone of one rolled back. */
  Hold live(String orderId) {
    Hold hold = get(orderId);
    return hold == null || hold.state() == HoldState.NONE ? null : hold;
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

  /** The units of every hold in {@code state}; visits all of them (the audit's sum). */
  long units(HoldState state) {
    long units = 0;
    for (Iterator<Map.Entry<String, Hold>> it = iterator(); it.hasNext(); ) {
      Hold hold = it.next().getValue();
      units += hold.state() == state ? hold.qty() : 0;
    }
    return units;
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

  /** The holds in memory, as a flat list: the cold counts travel with the record's counters. */
  void writeTo(ObjectDataOutput out) throws IOException {
    out.writeInt(size);
    for (Iterator<Map.Entry<String, Hold>> it = iterator(); it.hasNext(); ) {
      Map.Entry<String, Hold> entry = it.next();
      Hold hold = entry.getValue();
      out.writeString(entry.getKey());
      HoldWire.write(out, hold);
    }
  }

  static Holds readFrom(ObjectDataInput in) throws IOException {
    Holds holds = new Holds();
    int size = in.readInt();
    for (int i = 0; i < size; i++) {
      holds.put(in.readString(), HoldWire.read(in));
    }
    return holds;
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
