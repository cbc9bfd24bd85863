package dev.vxplatform.shared.contract.stock;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class HoldsTest {

  private static Hold reserved(long qty) {
    return new Hold(qty, HoldState.RESERVED, "a", 0);
  }

  /** The bucket a HashMap of 64 or more buckets picks from a key's low bits; a shard's keys must not share it. */
  @Test
  void theOrderIdsOfOneShardSpreadOverTheBucketsOfItsMap() {
    Set<Integer> bucketsOfShardZero = new HashSet<>();
    Set<Integer> shards = new HashSet<>();
    for (int i = 0; i < 20_000; i++) {
      String order = "order-" + i;
      int hash = order.hashCode();
      int shard = Holds.indexOf(order);
      shards.add(shard);
      if (shard == 0) {
        bucketsOfShardZero.add((hash ^ (hash >>> 16)) & 63);
      }
    }

    assertThat(shards).hasSize(64);
    assertThat(bucketsOfShardZero).as("buckets of 64 that shard 0's keys fall in").hasSizeGreaterThan(48);
  }

  @Test
  void behavesAsAMapOfOrderIdToHold() {
    Holds holds = new Holds();
    Map<String, Hold> expected = new HashMap<>();
    Random random = new Random(3);
    for (int i = 0; i < 5_000; i++) {
      String order = "o" + random.nextInt(700);
      if (random.nextInt(3) == 0) {
        holds.remove(order);
        expected.remove(order);
      } else {
        Hold hold = reserved(1 + random.nextInt(9));
        holds.put(order, hold);
        expected.put(order, hold);
      }
      if (i % 500 == 0) {
        holds = holds.copy(); // a chain of copies, as mutation after mutation makes
      }
    }

    Holds last = holds;
    assertThat(last.toMap()).isEqualTo(expected);
    assertThat(last.size()).isEqualTo(expected.size());
    expected.forEach((order, hold) -> assertThat(last.get(order)).isSameAs(hold));
    assertThat(last.get("never")).isNull();
  }

  @Test
  void aCopyAndItsOriginalNeverSeeEachOthersChanges() {
    Holds original = new Holds();
    for (int i = 0; i < 1_000; i++) {
      original.put("o" + i, reserved(1));
    }
    Map<String, Hold> before = original.toMap();

    Holds copy = original.copy();
    copy.put("o1", reserved(7));
    copy.put("new", reserved(2));
    copy.remove("o2");
    copy.removeIf(hold -> hold.qty() == 1, forgotten -> { });
    original.put("o3", reserved(5)); // the original changed after the copy, too

    Map<String, Hold> expectedOriginal = new HashMap<>(before);
    expectedOriginal.put("o3", reserved(5));
    assertThat(original.toMap()).isEqualTo(expectedOriginal);
    assertThat(original.size()).isEqualTo(1_000);
    assertThat(copy.toMap()).isEqualTo(Map.of("o1", reserved(7), "new", reserved(2)));
    assertThat(copy.size()).isEqualTo(2);
  }

  @Test
  void removeIfHandsOverEachForgottenHoldOnce() {
    Holds holds = new Holds();
    for (int i = 0; i < 300; i++) {
      holds.put("o" + i, new Hold(i, i % 3 == 0 ? HoldState.COMMITTED : HoldState.RESERVED, "a", i));
    }
    List<Hold> forgotten = new ArrayList<>();

    holds.copy().removeIf(Hold::finished, forgotten::add); // on a copy: shards are cloned first

    assertThat(forgotten).hasSize(100).doesNotHaveDuplicates().allMatch(Hold::finished);
    assertThat(holds.size()).as("the original keeps them").isEqualTo(300);
  }
}
