package dev.vxplatform.loadtests.bench;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;

/**
 * A fixed-rate GET load generator in the manner of wrk2, for {@code bench-gateway.sh}: requests fall due at exact
 * intervals whatever the server does (open model), and each latency counts from when its request was due, not
 * from when a free connection let it go, so a stalled server's backlog shows in the percentiles instead of
 * lowering the offered load (no coordinated omission).
 *
 * <pre>java ... OpenLoopGet RATE SECONDS WARMUP_SECONDS CONNECTIONS RUNS LOOPS URL...</pre>
 *
 * <p>One JVM measures every URL, so the generator is as warm for the last as for the first: a first round sends
 * {@code WARMUP_SECONDS} at the rate to each URL unmeasured, then {@code RUNS} rounds measure each URL in turn
 * ({@code WARMUP_SECONDS} unmeasured, then {@code SECONDS} measured), each on fresh connections, and print one
 * line per measurement: {@code RESULT run=… url=… rate=… ok=… errors=… unfinished=… p50_us=… p99_us=…}. The
 * rate and the connections are split over {@code LOOPS} event loops, each with its own client.
 */
public final class OpenLoopGet {

  private OpenLoopGet() {
  }

  public static void main(String[] args) throws Exception {
    if (args.length < 7) {
      System.err.println("usage: OpenLoopGet RATE SECONDS WARMUP_SECONDS CONNECTIONS RUNS LOOPS URL...");
      System.exit(2);
    }
    double rate = Double.parseDouble(args[0]);
    long seconds = Long.parseLong(args[1]);
    long warmup = Long.parseLong(args[2]);
    int connections = Integer.parseInt(args[3]);
    int runs = Integer.parseInt(args[4]);
    int loops = Integer.parseInt(args[5]);
    List<URI> targets = new ArrayList<>();
    for (int i = 6; i < args.length; i++) {
      targets.add(URI.create(args[i]));
    }
    Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(loops));
    try {
      List<Context> contexts = new ArrayList<>();
      for (int i = 0; i < loops; i++) {
        contexts.add(vertx.getOrCreateContext()); // from a non-Vert.x thread: a new context, loops in turn
      }
      Future<Void> chain = Future.succeededFuture();
      for (URI target : targets) { // warm-up round: JIT of this JVM, connections, nothing reported
        chain = chain.compose(x -> FixedRateRun.measure(contexts, FixedRateRun.get(target), rate, 0, warmup,
            connections)).mapEmpty();
      }
      for (int run = 1; run <= runs; run++) {
        int number = run;
        for (URI target : targets) {
          chain = chain.compose(x -> FixedRateRun.measure(contexts, FixedRateRun.get(target), rate, warmup, seconds,
                  connections))
              .onSuccess(result -> System.out.println("RESULT run=" + number + " url=" + target + " " + result))
              .mapEmpty();
        }
      }
      chain.await();
    } finally {
      vertx.close().await();
    }
  }
}
