package dev.vxplatform.loadtests.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * CPU time (user + system, from {@code /proc/PID/stat}) of some processes and all their descendants, read at one
 * moment: e.g. the cluster's JVMs, and PostgreSQL's postmaster with its backends (pass the postmaster's own pid:
 * pg_ctl starts it detached, so it is not a descendant of the JVM that asked for it).
 */
final class ProcessTreeCpu {

  private final Set<Long> roots;
  private final long ticksPerSecond;

  ProcessTreeCpu(Set<Long> roots, long ticksPerSecond) {
    this.roots = Set.copyOf(roots);
    this.ticksPerSecond = ticksPerSecond;
  }

  /** Seconds of CPU used so far by the roots and every living descendant. */
  double seconds() {
    Map<Long, long[]> stats = new HashMap<>(); // pid → {ppid, ticks}
    try (Stream<Path> processes = Files.list(Path.of("/proc"))) {
      processes.filter(path -> path.getFileName().toString().chars().allMatch(Character::isDigit))
          .forEach(path -> read(path, stats));
    } catch (IOException e) {
      throw new IllegalStateException("cannot list /proc", e);
    }
    long ticks = 0;
    for (Map.Entry<Long, long[]> process : stats.entrySet()) {
      if (inTree(process.getKey(), stats)) {
        ticks += process.getValue()[1];
      }
    }
    return (double) ticks / ticksPerSecond;
  }

  private boolean inTree(long pid, Map<Long, long[]> stats) {
    for (long p = pid; p > 1; ) {
      if (roots.contains(p)) {
        return true;
      }
      long[] stat = stats.get(p);
      if (stat == null) {
        return false;
      }
      p = stat[0];
    }
    return false;
  }

  private static void read(Path process, Map<Long, long[]> stats) {
    try {
      String stat = Files.readString(process.resolve("stat"));
      // After the command name (in parentheses, may hold spaces): state ppid ... utime (12th) stime (13th).
      String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      stats.put(Long.parseLong(process.getFileName().toString()),
          new long[] {Long.parseLong(fields[1]), Long.parseLong(fields[11]) + Long.parseLong(fields[12])});
    } catch (IOException | RuntimeException gone) {
      // the process ended while we looked: its time is no longer anyone's
    }
  }
}
