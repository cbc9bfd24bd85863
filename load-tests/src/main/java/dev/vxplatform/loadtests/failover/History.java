package dev.vxplatform.loadtests.failover;

import java.io.IOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;

/** Every request of a run with its timestamps and outcome, appended from any thread. */
final class History {

  private final ConcurrentLinkedQueue<Op> ops = new ConcurrentLinkedQueue<>();
  private final AtomicLong sequence = new AtomicLong();

  long nextSeq() {
    return sequence.incrementAndGet();
  }

  void add(Op op) {
    ops.add(op);
  }

  /** The requests recorded so far, in the order they started. */
  List<Op> ops() {
    return ops.stream().sorted(Comparator.comparingLong(Op::startMs).thenComparingLong(Op::seq)).toList();
  }

  /** One JSON object per line, in start order: small enough to grep, easy to replay in a test. */
  void writeJsonLines(Path file) throws IOException {
    try (Writer out = Files.newBufferedWriter(file)) {
      for (Op op : ops()) {
        out.write(op.toJson().encode());
        out.write('\n');
      }
    }
  }
}
