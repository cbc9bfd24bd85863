package dev.vxplatform.loadtests.bench;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.HdrHistogram.Histogram;

/**
 * One measurement of an open-model generator ({@link OpenLoopGet}, {@link OrderRateSearch}), or its share on one
 * event loop: one {@link Call} due every {@code 1/rate} s for {@code warmup + seconds}, on its own pool of
 * {@code connections} keep-alive connections (no pipelining; a request finding them all busy waits in the client's
 * queue, on the clock). Latencies of requests
 * due after the warm-up go into a histogram in microseconds, and those of the successes and of the 503s (load shed)
 * into one each as well. Confined to its event loop. Requests unanswered 10 s after the last one was due are counted
 * as unfinished, with that wait as their latency rather than dropped.
 */
public final class FixedRateRun {

  private static final long DRAIN_NANOS = TimeUnit.SECONDS.toNanos(10);
  private static final int SHED_STATUS = 503;

  /** One kind of request: how to send it, and the status that counts as a success. */
  public interface Call {
    /** Sends one request on {@code client}; completes with the response's status once its body has arrived. */
    Future<Integer> send(HttpClientAgent client);

    int expectedStatus();
  }

  private final Vertx vertx;
  private final Call call;
  private final double rate;
  private final long warmupNanos;
  private final long endNanos;
  private final HttpClientAgent client;
  private final Histogram latencyMicros = histogram();
  /** The successes' latencies alone, and the refusals' (503, a gateway shedding load): an overload's two sides. */
  private final Histogram okMicros = histogram();
  private final Histogram shedMicros = histogram();
  private final Promise<Void> finished = Promise.promise();
  private long start;
  private long sent;
  private long inFlight;
  private long unfinished;
  private boolean over;
  private long ok;
  private long errors;
  private long shed;
  /** Successes that arrived while the measurement ran, whenever they fell due: the goodput. */
  private long okInWindow;
  private String firstError;

  private FixedRateRun(Vertx vertx, Call call, double rate, long warmupSeconds, long seconds, int connections) {
    this.vertx = vertx;
    this.call = call;
    this.rate = rate;
    this.warmupNanos = TimeUnit.SECONDS.toNanos(warmupSeconds);
    this.endNanos = warmupNanos + TimeUnit.SECONDS.toNanos(seconds);
    this.client = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true).setPipelining(false),
        new PoolOptions().setHttp1MaxSize(connections).setMaxWaitQueueSize(-1));
  }

  /**
   * One measurement at {@code rate} in all, split evenly over {@code loops} (a run per event loop, created on it, with
   * its share of the connections); the merged result once every share is over.
   */
  public static Future<Result> measure(List<Context> loops, Call call, double rate, long warmupSeconds, long seconds,
      int connections) {
    List<Future<FixedRateRun>> parts = new ArrayList<>();
    int share = Math.max(1, connections / loops.size());
    for (Context loop : loops) {
      Promise<FixedRateRun> part = Promise.promise();
      loop.runOnContext(v -> {
        FixedRateRun run = new FixedRateRun(loop.owner(), call, rate / loops.size(), warmupSeconds, seconds, share);
        run.start().map(run).onComplete(part);
      });
      parts.add(part.future());
    }
    return Future.all(parts).map(all -> merge(all.<FixedRateRun>list()));
  }

  /** Runs to the end: completes once every request is answered or the drain time is up. */
  private Future<Void> start() {
    start = System.nanoTime();
    // Every millisecond, send what has fallen due since the last tick: request k is due at k / rate, so by time t
    // the requests 0 .. floor(t * rate) are.
    long total = (long) Math.ceil(endNanos * rate / 1e9);
    vertx.setPeriodic(1, timer -> {
      long now = System.nanoTime() - start;
      long due = Math.min(total, (long) (now * rate / 1e9) + 1);
      while (sent < due) {
        send(start + (long) (sent * 1e9 / rate));
        sent++;
      }
      if (now >= endNanos && (inFlight == 0 || now >= endNanos + DRAIN_NANOS)) {
        vertx.cancelTimer(timer);
        over = true; // what is still in flight is reported as unfinished, not as the errors closing causes
        unfinished = inFlight;
        if (unfinished > 0) {
          record(latencyMicros, (now - endNanos) / 1000, unfinished); // they waited at least the whole drain
        }
        client.close().onComplete(closed -> finished.complete());
      }
    });
    return finished.future();
  }

  private void send(long dueAt) {
    boolean measured = dueAt - start >= warmupNanos;
    inFlight++;
    call.send(client).onComplete(outcome -> {
      inFlight--;
      long arrived = System.nanoTime() - start;
      if (arrived >= warmupNanos && arrived < endNanos && outcome.succeeded()
          && outcome.result() == call.expectedStatus()) {
        okInWindow++;
      }
      if (!measured || over) {
        return;
      }
      long micros = (System.nanoTime() - dueAt) / 1000;
      record(latencyMicros, micros, 1);
      if (outcome.succeeded() && outcome.result() == call.expectedStatus()) {
        ok++;
        record(okMicros, micros, 1);
      } else {
        if (outcome.succeeded() && outcome.result() == SHED_STATUS) {
          shed++;
          record(shedMicros, micros, 1);
        }
        errors++;
        if (firstError == null) {
          firstError = outcome.succeeded() ? "status " + outcome.result() : String.valueOf(outcome.cause());
        }
      }
    });
  }

  /** An anonymous GET of {@code target} (a public read); 200 is a success. */
  static Call get(URI target) {
    return get(() -> target, null);
  }

  /**
   * A GET of whatever {@code targets} names for each request (a random order, say); 200 is a success.
   *
   * @param authorization the {@code Authorization} header every request carries ({@code Bearer ...}); null: none
   */
  static Call get(Supplier<URI> targets, String authorization) {
    return new Call() {
      @Override
      public Future<Integer> send(HttpClientAgent client) {
        URI target = targets.get();
        RequestOptions options = new RequestOptions().setMethod(HttpMethod.GET).setHost(target.getHost())
            .setPort(target.getPort()).setURI(target.getRawPath());
        if (authorization != null) {
          options.putHeader(HttpHeaders.AUTHORIZATION, authorization);
        }
        return client.request(options)
            .compose(request -> request.send())
            .compose(response -> response.body().map(body -> response.statusCode()));
      }

      @Override
      public int expectedStatus() {
        return 200;
      }
    };
  }

  private static void record(Histogram histogram, long micros, long count) {
    histogram.recordValueWithCount(Math.min(micros, histogram.getHighestTrackableValue()), count);
  }

  private static Histogram histogram() {
    return new Histogram(TimeUnit.MINUTES.toMicros(5), 3);
  }

  /** What one measurement counted, over every event loop's share; its {@code toString} is the summary line. */
  public record Result(double rate, long ok, long errors, long unfinished, double seconds, Histogram latencyMicros,
      String firstError, Histogram okMicros, long shed, Histogram shedMicros, long okInWindow) {

    public long percentileMicros(double percentile) {
      return latencyMicros.getValueAtPercentile(percentile);
    }

    /** Something answered, nothing failed or stayed unanswered, and p99 at most {@code p99Micros}. */
    public boolean passes(long p99Micros) {
      return ok > 0 && errors == 0 && unfinished == 0 && percentileMicros(99) <= p99Micros;
    }

    @Override
    public String toString() {
      return String.format(Locale.ROOT, "rate=%.0f ok=%d errors=%d unfinished=%d achieved=%.0f p50_us=%d p90_us=%d "
              + "p99_us=%d p999_us=%d max_us=%d ok_p99_us=%d shed=%d shed_p99_us=%d goodput=%.0f%s", rate, ok, errors,
          unfinished, ok / seconds, percentileMicros(50), percentileMicros(90), percentileMicros(99),
          percentileMicros(99.9), latencyMicros.getMaxValue(), okMicros.getValueAtPercentile(99), shed,
          shedMicros.getValueAtPercentile(99), okInWindow / seconds,
          firstError == null ? "" : " first_error=" + firstError.replace(' ', '_'));
    }
  }

  /** The runs of one measurement (one per event loop) merged. */
  private static Result merge(List<FixedRateRun> runs) {
    Histogram latency = histogram();
    Histogram okLatency = histogram();
    Histogram shedLatency = histogram();
    long shed = 0;
    long okInWindow = 0;
    double rate = 0;
    long ok = 0;
    long errors = 0;
    long unfinished = 0;
    String firstError = null;
    for (FixedRateRun run : runs) {
      latency.add(run.latencyMicros);
      okLatency.add(run.okMicros);
      shedLatency.add(run.shedMicros);
      shed += run.shed;
      okInWindow += run.okInWindow;
      rate += run.rate;
      ok += run.ok;
      errors += run.errors;
      unfinished += run.unfinished;
      firstError = firstError != null ? firstError : run.firstError;
    }
    double seconds = (runs.get(0).endNanos - runs.get(0).warmupNanos) / 1e9;
    return new Result(rate, ok, errors, unfinished, seconds, latency, firstError, okLatency, shed, shedLatency,
        okInWindow);
  }
}
