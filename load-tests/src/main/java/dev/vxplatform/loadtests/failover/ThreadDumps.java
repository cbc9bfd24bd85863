package dev.vxplatform.loadtests.failover;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Thread dumps of the platform's JVMs ({@code jcmd PID Thread.print}), taken in the middle of a fault: what the
 * healthy nodes' Hazelcast threads were doing is the evidence a rare failure (a cluster falling apart while a member
 * is paused) needs, and it is gone a second later. Best effort: a dump that fails or hangs is skipped.
 */
final class ThreadDumps {

  private static final Logger LOG = LoggerFactory.getLogger(ThreadDumps.class);
  private static final long TIMEOUT_SECONDS = 5;
  private static final Path JCMD = Path.of(System.getProperty("java.home"), "bin", "jcmd");

  private ThreadDumps() {
  }

  /** Dumps every {@code pid} at once into {@code folder/<name>.threads-<label>.txt}; returns how many were written. */
  static int capture(Path folder, List<String> names, List<Long> pids, String label) {
    List<Process> started = new ArrayList<>();
    for (int i = 0; i < names.size(); i++) {
      Path file = folder.resolve(names.get(i) + ".threads-" + label + ".txt");
      try {
        started.add(new ProcessBuilder(JCMD.toString(), String.valueOf(pids.get(i)), "Thread.print")
            .redirectErrorStream(true).redirectOutput(file.toFile()).start());
      } catch (IOException e) {
        LOG.warn("No thread dump of {}: {}", names.get(i), e.toString());
      }
    }
    int written = 0;
    for (Process process : started) {
      try {
        if (process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS) && process.exitValue() == 0) {
          written++;
        } else {
          process.destroyForcibly();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        process.destroyForcibly();
      }
    }
    return written;
  }
}
