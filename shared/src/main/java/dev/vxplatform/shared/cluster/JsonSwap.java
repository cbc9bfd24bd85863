package dev.vxplatform.shared.cluster;

import com.hazelcast.core.HazelcastJsonValue;
import com.hazelcast.map.EntryProcessor;
import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.DataSerializable;
import java.io.IOException;
import java.util.Map;

/**
 * Put-if-absent and compare-and-set of a JSON document, as one entry processor on the key's partition owner, so a
 * store can submit them asynchronously ({@code IMap.submitToKey}); Hazelcast 5.3 has neither
 * {@code putIfAbsentAsync} nor a compare-and-set {@code replaceAsync} in its public API. It lives in {@code shared}
 * because it runs on whichever data member owns the key, whatever service that member runs.
 *
 * <p>It answers the document stored after the call: the caller won when that is the document it wrote. A repeat of
 * a call whose first attempt was applied (a retry after an unknown outcome) therefore also reads as won. The
 * backups run the same processor on the same previous value, so they end where the owner does.
 */
public final class JsonSwap implements EntryProcessor<String, HazelcastJsonValue, HazelcastJsonValue>,
    DataSerializable {

  private String expected; // null: the key must be absent
  private String next;

  /** For deserialization. */
  public JsonSwap() {
  }

  private JsonSwap(String expected, String next) {
    this.expected = expected;
    this.next = next;
  }

  /** Stores {@code value} unless the key has a document. */
  public static JsonSwap ifAbsent(HazelcastJsonValue value) {
    return new JsonSwap(null, value.toString());
  }

  /** Stores {@code next} only if the stored document is still exactly {@code expected}. */
  public static JsonSwap ifEqual(HazelcastJsonValue expected, HazelcastJsonValue next) {
    return new JsonSwap(expected.toString(), next.toString());
  }

  @Override
  public HazelcastJsonValue process(Map.Entry<String, HazelcastJsonValue> entry) {
    HazelcastJsonValue current = entry.getValue();
    boolean matches = expected == null ? current == null : current != null && expected.equals(current.toString());
    if (!matches) {
      return current;
    }
    HazelcastJsonValue stored = new HazelcastJsonValue(next);
    entry.setValue(stored);
    return stored;
  }

  @Override
  public void writeData(ObjectDataOutput out) throws IOException {
    out.writeString(expected);
    out.writeString(next);
  }

  @Override
  public void readData(ObjectDataInput in) throws IOException {
    expected = in.readString();
    next = in.readString();
  }
}
