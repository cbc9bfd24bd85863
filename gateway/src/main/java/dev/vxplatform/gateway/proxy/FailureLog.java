package dev.vxplatform.gateway.proxy;

import java.util.function.LongSupplier;
import org.slf4j.Logger;

/**
 * How many of the gateway's own 5xx answers get a WARN line: the first {@value #BURST} of every
 * {@value #WINDOW_MILLIS} ms, per event loop. During an outage every request fails the same way, and thousands of
 * identical lines a second would hide everything else; the rest are counted and reported as one line when the next
 * window opens. {@code gateway_requests_total} still counts every answer.
 */
final class FailureLog {

  static final int BURST = 10;
  static final long WINDOW_MILLIS = 10_000;

  /** Whether this failure gets its own line, and how many earlier ones went unlogged (to report first; 0: none). */
  record Decision(boolean log, int leftOut) {
  }

  private final LongSupplier millisClock;
  private long windowStart;
  private int logged;
  private int leftOut;

  FailureLog(LongSupplier millisClock) {
    this.millisClock = millisClock;
    this.windowStart = millisClock.getAsLong();
  }

  /** Logs this failure at WARN on {@code log} if the window allows, after a line for those it left out before. */
  void warn(Logger log, String format, Object... arguments) {
    Decision decision = next();
    if (decision.leftOut() > 0) {
      log.warn("{} more error answers of the gateway were not logged (at most {} per {} s)", decision.leftOut(),
          BURST, WINDOW_MILLIS / 1000);
    }
    if (decision.log()) {
      log.warn(format, arguments);
    }
  }

  /** One call per failure, on the event loop that owns this log. */
  Decision next() {
    long now = millisClock.getAsLong();
    int report = 0;
    if (now - windowStart >= WINDOW_MILLIS) {
      report = leftOut;
      windowStart = now;
      logged = 0;
      leftOut = 0;
    }
    if (logged < BURST) {
      logged++;
      return new Decision(true, report);
    }
    leftOut++;
    return new Decision(false, report);
  }
}
