package dev.vxplatform.shared.contract.stock;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import java.io.IOException;
import java.util.Map;

/** The wire form of a reservation's items (sku → quantity), shared by the record and the mutation that writes it. */
final class ItemsWire {

  private ItemsWire() {
  }

  static void write(ObjectDataOutput out, Map<String, Long> items) throws IOException {
    out.writeInt(items.size());
    for (Map.Entry<String, Long> item : items.entrySet()) {
      out.writeString(item.getKey());
      out.writeLong(item.getValue());
    }
  }

  /** Replaces the content of {@code items}, in wire order. */
  static void read(ObjectDataInput in, Map<String, Long> items) throws IOException {
    int size = in.readInt();
    items.clear();
    for (int i = 0; i < size; i++) {
      items.put(in.readString(), in.readLong());
    }
  }
}
