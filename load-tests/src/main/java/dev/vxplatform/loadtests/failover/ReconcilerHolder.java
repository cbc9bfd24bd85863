package dev.vxplatform.loadtests.failover;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Which order-service node runs the reconciler, as the nodes' own logs tell it. */
final class ReconcilerHolder {

  private static final Logger LOG = LoggerFactory.getLogger(ReconcilerHolder.class);

  private ReconcilerHolder() {
  }

  /**
   * The node whose last leadership line (of its current log in {@code runDir}) says it acquired the leadership, the
   * latest such line among {@code orderNodes}; null when none holds it.
   */
  static String in(Path runDir, List<String> orderNodes) {
    String holder = null;
    String latest = "";
    for (String node : orderNodes) {
      try {
        List<String> lines = Files.readAllLines(runDir.resolve(node + ".log")).stream()
            .filter(l -> l.contains("Reconciler leadership acquired by")
                || l.contains("Reconciler leadership given up by"))
            .toList();
        String last = lines.isEmpty() ? null : lines.get(lines.size() - 1);
        if (last != null && last.contains("acquired") && last.compareTo(latest) > 0) {
          holder = node;
          latest = last;
        }
      } catch (IOException e) {
        LOG.warn("Could not read the log of {}: {}", node, e.toString());
      }
    }
    return holder;
  }
}
