package dev.vxplatform.gateway.dashboard;

import dev.vxplatform.gateway.upstream.LatencyHistogram;
import dev.vxplatform.gateway.upstream.Upstream;

/**
 * The last {@value #SECONDS} seconds of one instance, from its cumulative numbers read once a second: requests and
 * failed attempts of the last second, latency percentiles over the whole window. Used on one thread only.
 */
final class InstanceWindow {

  static final int SECONDS = 10;

  private final long[][] latencies = new long[SECONDS][];
  private long lastRequests;
  private long lastFailures;
  private long[] lastLatencies;
  private long requestsLastSecond;
  private long failuresLastSecond;
  private int next;

  InstanceWindow(Upstream upstream) {
    lastRequests = upstream.requests();
    lastFailures = upstream.failures();
    lastLatencies = upstream.latencyCounts();
  }

  /** Reads the instance's numbers once more: call once a second. */
  void tick(Upstream upstream) {
    long requests = upstream.requests();
    long failures = upstream.failures();
    long[] counts = upstream.latencyCounts();
    requestsLastSecond = requests - lastRequests;
    failuresLastSecond = failures - lastFailures;
    long[] second = new long[counts.length];
    for (int i = 0; i < counts.length; i++) {
      second[i] = counts[i] - lastLatencies[i];
    }
    latencies[next] = second;
    next = (next + 1) % SECONDS;
    lastRequests = requests;
    lastFailures = failures;
    lastLatencies = counts;
  }

  long requestsLastSecond() {
    return requestsLastSecond;
  }

  long failuresLastSecond() {
    return failuresLastSecond;
  }

  /** Over the window; -1 when no attempt finished in it. */
  double percentileMillis(double quantile) {
    long[] sum = new long[lastLatencies.length];
    for (long[] second : latencies) {
      if (second != null) {
        for (int i = 0; i < sum.length; i++) {
          sum[i] += second[i];
        }
      }
    }
    return LatencyHistogram.percentileMillis(sum, quantile);
  }
}
