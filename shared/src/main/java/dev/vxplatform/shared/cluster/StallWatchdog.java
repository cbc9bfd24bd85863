package dev.vxplatform.shared.cluster;

import java.util.concurrent.TimeUnit;
import java.util.function.LongConsumer;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Notices that this whole JVM was frozen (SIGSTOP, a suspended VM, a stop-the-world pause) for about as long as the
 * cluster's failure detection, and reports each such freeze once, with its length.
 *
 * <p>Why: by then the other members have removed this one and promoted its backups. When it resumes, its Hazelcast
 * still believes it owns its partitions and runs the operations queued in its sockets against its stale copies;
 * seconds later the split-brain merge brings those copies back, newest-looking of all, over the cluster's newer
 * entries (seen: a cancelled order's reservation held its units again). {@link ServiceLauncher} answers by leaving
 * at once and joining again empty.
 *
 * <p>How: a daemon thread, not an event loop (a busy event loop is not a frozen JVM), sleeps {@link #CHECK_MILLIS}
 * and compares the time that passed with the time it slept.
 */
final class StallWatchdog implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(StallWatchdog.class);
  static final long CHECK_MILLIS = 200;

  private final long thresholdNanos;
  private final LongSupplier clock;
  private final LongConsumer onStall;
  private long lastCheck;
  private volatile boolean closed;

  /** @param onStall gets the freeze's length in milliseconds, on the watchdog's thread */
  StallWatchdog(long thresholdMillis, LongSupplier clock, LongConsumer onStall) {
    this.thresholdNanos = TimeUnit.MILLISECONDS.toNanos(thresholdMillis);
    this.clock = clock;
    this.onStall = onStall;
    this.lastCheck = clock.getAsLong();
  }

  static StallWatchdog start(long thresholdMillis, LongConsumer onStall) {
    StallWatchdog watchdog = new StallWatchdog(thresholdMillis, System::nanoTime, onStall);
    Thread thread = new Thread(watchdog::run, "stall-watchdog");
    thread.setDaemon(true);
    thread.start();
    return watchdog;
  }

  private void run() {
    while (!closed) {
      try {
        TimeUnit.MILLISECONDS.sleep(CHECK_MILLIS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
      try {
        check();
      } catch (RuntimeException e) {
        LOG.error("Reacting to a stall failed: {}", e.toString(), e);
      }
    }
  }

  /** One look: reports a freeze when far more time passed since the last look than was slept. */
  void check() {
    long now = clock.getAsLong();
    long gap = now - lastCheck;
    lastCheck = now;
    if (gap >= thresholdNanos) {
      onStall.accept(TimeUnit.NANOSECONDS.toMillis(gap));
    }
  }

  @Override
  public void close() {
    closed = true;
  }
}
