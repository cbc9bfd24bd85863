package dev.vxplatform.shared.discovery;

import io.vertx.core.AsyncResult;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.servicediscovery.Record;
import io.vertx.servicediscovery.impl.DefaultServiceDiscoveryBackend;
import io.vertx.servicediscovery.spi.ServiceDiscoveryBackend;
import java.util.ArrayList;
import java.util.List;

/**
 * vertx-service-discovery's own cluster-wide backend, whose whole-registry reads can be held back on demand: what a
 * reader sees while a hung member still owns partitions of the registry map. Used only by discoveries that name it
 * ({@code backend-name} {@value #NAME}); the registry's own discovery names the default backend.
 */
public final class HeldBackend implements ServiceDiscoveryBackend {

  static final String NAME = "held-for-tests";

  private static final List<Runnable> HELD = new ArrayList<>();
  private static boolean holding;
  private static long heldSinceNanos;

  private final DefaultServiceDiscoveryBackend delegate = new DefaultServiceDiscoveryBackend();

  /** From now on, reads of all records wait until {@link #release()}. */
  static synchronized void hold() {
    holding = true;
  }

  /** Lets every held read run, and the ones after it. */
  static void release() {
    List<Runnable> held;
    synchronized (HeldBackend.class) {
      holding = false;
      held = new ArrayList<>(HELD);
      HELD.clear();
    }
    held.forEach(Runnable::run);
  }

  /** How long the oldest held read has waited; 0 when none waits. */
  static synchronized long oldestHeldMillis() {
    return HELD.isEmpty() ? 0 : (System.nanoTime() - heldSinceNanos) / 1_000_000;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public void init(Vertx vertx, JsonObject config) {
    delegate.init(vertx, config);
  }

  @Override
  public void getRecords(Handler<AsyncResult<List<Record>>> resultHandler) {
    synchronized (HeldBackend.class) {
      if (holding) {
        if (HELD.isEmpty()) {
          heldSinceNanos = System.nanoTime();
        }
        HELD.add(() -> delegate.getRecords(resultHandler));
        return;
      }
    }
    delegate.getRecords(resultHandler);
  }

  @Override
  public void store(Record record, Handler<AsyncResult<Record>> resultHandler) {
    delegate.store(record, resultHandler);
  }

  @Override
  public void remove(Record record, Handler<AsyncResult<Record>> resultHandler) {
    delegate.remove(record, resultHandler);
  }

  @Override
  public void remove(String uuid, Handler<AsyncResult<Record>> resultHandler) {
    delegate.remove(uuid, resultHandler);
  }

  @Override
  public void update(Record record, Handler<AsyncResult<Void>> resultHandler) {
    delegate.update(record, resultHandler);
  }

  @Override
  public void getRecord(String uuid, Handler<AsyncResult<Record>> resultHandler) {
    delegate.getRecord(uuid, resultHandler);
  }
}
