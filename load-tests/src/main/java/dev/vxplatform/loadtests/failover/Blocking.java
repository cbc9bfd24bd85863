package dev.vxplatform.loadtests.failover;

import io.vertx.core.Future;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;

/** Waiting on the orchestrating thread (never an event loop): futures, pauses and polls, all bounded. */
final class Blocking {

  private static final long POLL_MS = 200;

  private Blocking() {
  }

  static <T> T await(Future<T> future, Duration bound) {
    try {
      return future.await(bound.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      throw new IllegalStateException("no outcome within " + bound, e);
    }
  }

  /** The run's timeline is wall-clock by nature: warm-up, a node held down or paused, calm between faults. */
  static void pause(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  /** Polls until {@code condition} holds; false when {@code bound} passed first. */
  static boolean poll(Duration bound, BooleanSupplier condition) {
    long deadline = System.nanoTime() + bound.toNanos();
    while (true) {
      if (condition.getAsBoolean()) {
        return true;
      }
      if (System.nanoTime() > deadline) {
        return false;
      }
      pause(POLL_MS);
    }
  }
}
