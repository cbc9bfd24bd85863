package dev.vxplatform.loadtests.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * CPU time (user + system, from {@code /proc/PID/stat}) of some processes and all their descendants, read at one
 * moment: e.g. the cluster's JVMs, and PostgreSQL's postmaster with its backends (pass the postmaster's own pid:
 * pg_ctl starts it detached, so it is not a descendant of the JVM that asked for it). Also the part of it that the
 * JVMs' JIT compiler threads spent: minutes into a run C2 is still compiling, a cost a warm cluster no longer pays.
 */
final class ProcessTreeCpu {

  /** Root pid → the name its tree is reported under ("order-1", "postgres"). */
  private final Map<Long, String> roots;
  private final long ticksPerSecond;

  ProcessTreeCpu(Map<Long, String> roots, long ticksPerSecond) {
    this.roots = Map.copyOf(roots);
    this.ticksPerSecond = ticksPerSecond;
  }

  /**
   * The roots from {@code name=pid} pairs separated by commas ({@code order-1=4242,postgres=4300}); a bare pid is
   * named by itself.
   */
  static Map<Long, String> parseRoots(String pairs) {
    Map<Long, String> roots = new TreeMap<>();
    for (String pair : pairs.split(",")) {
      if (!pair.isBlank()) {
        String[] parts = pair.strip().split("=", 2);
        String pid = parts[parts.length - 1];
        roots.put(Long.parseLong(pid), parts.length == 2 ? parts[0] : pid);
      }
    }
    return roots;
  }

  /** CPU seconds so far: all of it, the JIT compiler threads' share, and each root's tree by its name. */
  record Sample(double seconds, double compilerSeconds, Map<String, Double> secondsByName) {
  }

  /** Seconds of CPU used so far by the roots and every living descendant. */
  double seconds() {
    return sample().seconds();
  }

  Sample sample() {
    Map<Long, long[]> stats = new HashMap<>(); // pid → {ppid, ticks}
    try (Stream<Path> processes = Files.list(Path.of("/proc"))) {
      processes.filter(path -> path.getFileName().toString().chars().allMatch(Character::isDigit))
          .forEach(path -> read(path, stats));
    } catch (IOException e) {
      throw new IllegalStateException("cannot list /proc", e);
    }
    long ticks = 0;
    long compilerTicks = 0;
    Map<String, Double> byName = new TreeMap<>();
    for (Map.Entry<Long, long[]> process : stats.entrySet()) {
      String root = rootOf(process.getKey(), stats);
      if (root != null) {
        ticks += process.getValue()[1];
        compilerTicks += compilerTicks(process.getKey());
        byName.merge(root, (double) process.getValue()[1] / ticksPerSecond, Double::sum);
      }
    }
    return new Sample((double) ticks / ticksPerSecond, (double) compilerTicks / ticksPerSecond, byName);
  }

  /** The JVM names its compiler threads "C1 CompilerThread0"..., which the kernel keeps as "C1 CompilerThre". */
  private static long compilerTicks(long pid) {
    long ticks = 0;
    try (Stream<Path> threads = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
      for (Path thread : (Iterable<Path>) threads::iterator) {
        String name = Files.readString(thread.resolve("comm")).strip();
        if (name.startsWith("C1 CompilerThre") || name.startsWith("C2 CompilerThre")) {
          ticks += ticksOf(Files.readString(thread.resolve("stat")));
        }
      }
    } catch (IOException | RuntimeException gone) {
      // the process or thread ended while we looked
    }
    return ticks;
  }

  /** The name of the root whose tree {@code pid} is in, or null. */
  private String rootOf(long pid, Map<Long, long[]> stats) {
    for (long p = pid; p > 1; ) {
      String root = roots.get(p);
      if (root != null) {
        return root;
      }
      long[] stat = stats.get(p);
      if (stat == null) {
        return null;
      }
      p = stat[0];
    }
    return null;
  }

  private static void read(Path process, Map<Long, long[]> stats) {
    try {
      String stat = Files.readString(process.resolve("stat"));
      long parent = Long.parseLong(fieldsOf(stat)[1]);
      stats.put(Long.parseLong(process.getFileName().toString()), new long[] {parent, ticksOf(stat)});
    } catch (IOException | RuntimeException gone) {
      // the process ended while we looked: its time is no longer anyone's
    }
  }

  /** After the command name (in parentheses, may hold spaces): state ppid ... utime (12th) stime (13th). */
  private static String[] fieldsOf(String stat) {
    return stat.substring(stat.lastIndexOf(')') + 2).split(" ");
  }

  private static long ticksOf(String stat) {
    String[] fields = fieldsOf(stat);
    return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
  }
}
