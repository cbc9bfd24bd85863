package dev.vxplatform.shared.cluster;

import com.hazelcast.core.HazelcastJsonValue;
import com.hazelcast.map.EntryProcessor;
import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.DataSerializable;
import java.io.IOException;
import java.util.Map;

/**
 * Compare-and-set of a JSON document, as one entry processor on the key's partition owner, so a store can submit it
 * asynchronously ({@code IMap.submitToKey}); Hazelcast 5.3 has no compare-and-set {@code replaceAsync} in its public
 * API. It lives in {@code shared} because it runs on whichever data member owns the key, whatever service that
 * member runs. Creating a document is {@link PutIfAbsent}.
 *
 * <p>It answers the document stored after the call: the caller won when that is the document it wrote. A repeat of
 * a call whose first attempt was applied (a retry after an unknown outcome) therefore also reads as won. The
 * backups run the same processor: on the same previous value they end where the owner does, and a backup that did
 * not hold the key loads what the owner wrote through, on which the processor changes nothing.
 */
public final class JsonSwap implements EntryProcessor<String, HazelcastJsonValue, HazelcastJsonValue>,
    DataSerializable {

  private String expected;
  private String next;

  /** For deserialization. */
  public JsonSwap() {
  }

  private JsonSwap(String expected, String next) {
    this.expected = expected;
    this.next = next;
  }

  /** Stores {@code next} only if the stored document is still exactly {@code expected}. */
  public static JsonSwap ifEqual(HazelcastJsonValue expected, HazelcastJsonValue next) {
    return new JsonSwap(expected.toString(), next.toString());
  }

  @Override
  public HazelcastJsonValue process(Map.Entry<String, HazelcastJsonValue> entry) {
    HazelcastJsonValue current = entry.getValue();
    if (current == null || !expected.equals(current.toString())) {
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
