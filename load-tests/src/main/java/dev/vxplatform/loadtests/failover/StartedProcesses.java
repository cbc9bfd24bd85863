package dev.vxplatform.loadtests.failover;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Every JVM {@code local-cluster.sh} started for one run folder, found through its pid files. A handle keeps the
 * process's start time, so a pid reused by another process later is never taken for it.
 */
final class StartedProcesses {

  private final Path runDir;
  private final Map<String, ProcessHandle> started = new HashMap<>(); // pid@start time → process

  StartedProcesses(Path runDir) {
    this.runDir = runDir;
  }

  /** Remembers the process behind every pid file now in the run folder. */
  void track() {
    try (var files = Files.list(runDir)) {
      files.filter(f -> f.getFileName().toString().endsWith(".pid")).forEach(f -> {
        try {
          long pid = Long.parseLong(Files.readString(f).trim());
          ProcessHandle.of(pid).ifPresent(handle -> {
            synchronized (started) {
              started.putIfAbsent(pid + "@" + handle.info().startInstant().orElse(null), handle);
            }
          });
        } catch (IOException | NumberFormatException e) {
          // removed by 'down' meanwhile, or half written: the next call sees it
        }
      });
    } catch (IOException e) {
      // no run folder yet: nothing started
    }
  }

  /** Every JVM seen so far and now, alive or not. */
  List<ProcessHandle> all() {
    track();
    synchronized (started) {
      return List.copyOf(started.values());
    }
  }
}
