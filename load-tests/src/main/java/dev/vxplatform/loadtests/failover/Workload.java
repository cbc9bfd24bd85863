package dev.vxplatform.loadtests.failover;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bounded concurrent load: {@code clients} customers and one restocker, each a loop of one request at a time
 * with a short pause between. Undeploying it stops the loops after their current request (retries included), so
 * every request in the history has its outcome.
 */
final class Workload extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(Workload.class);

  private final CheckOptions options;
  private final String runId;
  private final List<String> skus;
  private final Recorder recorder;
  private final List<Future<Void>> loops = new ArrayList<>();
  private volatile boolean stopping;

  Workload(CheckOptions options, String runId, List<String> skus, Recorder recorder) {
    this.options = options;
    this.runId = runId;
    this.skus = List.copyOf(skus);
    this.recorder = recorder;
  }

  @Override
  public Future<?> start() {
    for (int i = 1; i <= options.clients(); i++) {
      Customer customer = new Customer(i, runId, skus, recorder, runId.hashCode() * 31L + i);
      loops.add(loop("client " + i, customer::step, options.maxOpsPerClient(), this::think));
    }
    if (options.restockEveryMs() > 0) {
      Random random = new Random(runId.hashCode());
      loops.add(loop("restocker", () -> restock(skus.get(random.nextInt(skus.size()))), Integer.MAX_VALUE,
          options::restockEveryMs));
    }
    return Future.succeededFuture();
  }

  private Future<Op> restock(String sku) {
    return recorder.once(0, Action.RESTOCK, HttpMethod.POST, "/api/stock/" + sku + "/restock",
        new JsonObject().put("qty", options.restockUnits()), sku, options.restockUnits());
  }

  private long think() {
    return ThreadLocalRandom.current().nextLong(options.thinkMinMs(), options.thinkMaxMs() + 1L);
  }

  /** Timers between steps keep the stack flat however long the loop runs. */
  private Future<Void> loop(String name, Supplier<Future<Op>> step, int maxSteps, Supplier<Long> pause) {
    Promise<Void> done = Promise.promise();
    Runnable[] next = new Runnable[1];
    int[] steps = {0};
    next[0] = () -> {
      if (stopping || steps[0]++ >= maxSteps) {
        done.tryComplete();
        return;
      }
      step.get().onComplete(ar -> {
        if (ar.failed()) {
          LOG.error("{}: request failed in the driver itself", name, ar.cause());
        }
        vertx.setTimer(pause.get(), id -> next[0].run());
      });
    };
    vertx.setTimer(pause.get(), id -> next[0].run());
    return done.future();
  }

  /** Stops starting requests; completes once every loop's last request has its outcome. */
  @Override
  public Future<?> stop() {
    stopping = true;
    return Future.join(loops);
  }
}
