package dev.vxplatform.shared.contract.stock;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import java.io.IOException;

/** A {@link Hold} on the wire: in a record's holds, and in a mutation that carries a cold hold to the backups. */
final class HoldWire {

  private HoldWire() {
  }

  static void write(ObjectDataOutput out, Hold hold) throws IOException {
    out.writeLong(hold.qty());
    out.writeByte(hold.state().ordinal());
    out.writeString(hold.attempt());
    out.writeLong(hold.changedAt());
  }

  static Hold read(ObjectDataInput in) throws IOException {
    return new Hold(in.readLong(), HoldState.values()[in.readByte()], in.readString(), in.readLong());
  }
}
