package dev.vxplatform.order.testing;

import dev.vxplatform.shared.contract.InventoryContract;
import dev.vxplatform.shared.discovery.RegistryOptions;
import dev.vxplatform.shared.discovery.ServiceRegistry;
import dev.vxplatform.shared.web.Problems;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * A tiny but real inventory for tests: consumers on the {@link InventoryContract} addresses, published in discovery
 * like the real one, with in-memory stock and reservations that follow the contract as inventory-service
 * implements it (idempotent per order, all-or-nothing, a released order cannot reserve again, release after
 * commit answers COMMITTED, commit after release is a 409). Its {@link Mode} makes it misbehave on purpose.
 */
public final class FakeInventoryVerticle extends VerticleBase {

  public enum Mode {
    /** Answers as the contract says. */
    NORMAL,
    /** Receives requests and never answers (a hung inventory): callers time out. */
    SILENT,
    /** Applies every request and never answers (the reply is lost): the reconciler must find out. */
    SWALLOW_REPLIES
  }

  private final Map<String, Integer> initial;
  private final Map<String, int[]> stock = new LinkedHashMap<>(); // sku → {available, reserved, sold}
  private final Map<String, Reservation> reservations = new LinkedHashMap<>();
  private volatile Mode mode;
  private volatile boolean refuseReleases;
  private final boolean publish;
  private final long replyDelayMillis;
  private final List<MessageConsumer<JsonObject>> consumers = new ArrayList<>();
  private ServiceRegistry registry;
  private int reserveCalls;

  private static final class Reservation {
    String state = "RESERVED";
    final Map<String, Integer> items = new LinkedHashMap<>();
  }

  public FakeInventoryVerticle(Map<String, Integer> initialStock, Mode mode) {
    this(initialStock, mode, true, 0);
  }

  /** @param publish whether to publish the event-bus record (unit tests use their own view) */
  public FakeInventoryVerticle(Map<String, Integer> initialStock, Mode mode, boolean publish, long replyDelayMillis) {
    this.initial = Map.copyOf(initialStock);
    initialStock.forEach((sku, qty) -> stock.put(sku, new int[] {qty, 0, 0}));
    this.mode = mode;
    this.publish = publish;
    this.replyDelayMillis = replyDelayMillis;
  }

  @Override
  public Future<?> start() {
    consume(InventoryContract.RESERVE, this::reserve);
    consume(InventoryContract.RELEASE, body -> finish(body.getString("orderId"), false));
    consume(InventoryContract.COMMIT, body -> finish(body.getString("orderId"), true));
    consume(InventoryContract.GET_RESERVATION, body -> describe(body.getString("orderId")));
    Future<Void> registered = Future.all(consumers.stream().map(MessageConsumer::completion).toList()).mapEmpty();
    if (!publish) {
      return registered;
    }
    registry = ServiceRegistry.create(vertx, RegistryOptions.defaults());
    return registered.compose(v -> registry.publishEventBusService(InventoryContract.SERVICE,
        InventoryContract.RESERVE, new JsonObject()));
  }

  @Override
  public Future<?> stop() {
    return registry == null ? Future.succeededFuture() : registry.close();
  }

  /** A failure the way the contract describes it: the HTTP status and the problem body as text. */
  static final class Refusal extends RuntimeException {
    final int status;

    Refusal(int status, JsonObject problem) {
      super(problem.encode());
      this.status = status;
    }
  }

  private void consume(String address, Function<JsonObject, JsonObject> operation) {
    consumers.add(vertx.eventBus().<JsonObject>consumer(address, message -> handle(message, operation)));
  }

  private void handle(Message<JsonObject> message, Function<JsonObject, JsonObject> operation) {
    if (mode == Mode.SILENT) {
      return;
    }
    JsonObject answer;
    try {
      answer = operation.apply(message.body());
    } catch (Refusal refusal) {
      reply(() -> message.fail(refusal.status, refusal.getMessage()));
      return;
    }
    if (mode == Mode.NORMAL) {
      reply(() -> message.reply(answer));
    }
  }

  private void reply(Runnable send) {
    if (replyDelayMillis > 0) {
      vertx.setTimer(replyDelayMillis, id -> send.run());
    } else {
      send.run();
    }
  }

  private synchronized JsonObject reserve(JsonObject body) {
    reserveCalls++;
    String orderId = body.getString("orderId");
    JsonArray items = body.getJsonArray("items");
    Reservation existing = reservations.get(orderId);
    if (existing != null && "RELEASED".equals(existing.state)) {
      throw new Refusal(409, Problems.body(409, "Reservation released", "a released order cannot reserve again"));
    }
    if (existing != null) {
      return describe(orderId);
    }
    JsonArray shortOnes = new JsonArray();
    for (Object item : items) {
      JsonObject line = (JsonObject) item;
      int[] counts = stock.get(line.getString("sku"));
      if (counts == null) {
        throw new Refusal(404, Problems.body(404, "Not found", "unknown sku " + line.getString("sku")));
      }
      if (counts[0] < line.getInteger("qty")) {
        shortOnes.add(new JsonObject().put("sku", line.getString("sku")).put("requested", line.getInteger("qty"))
            .put("available", counts[0]));
      }
    }
    if (!shortOnes.isEmpty()) {
      throw new Refusal(409, Problems.body(409, "Insufficient stock", "not enough stock").put("short", shortOnes));
    }
    Reservation reservation = new Reservation();
    for (Object item : items) {
      JsonObject line = (JsonObject) item;
      int[] counts = stock.get(line.getString("sku"));
      counts[0] -= line.getInteger("qty");
      counts[1] += line.getInteger("qty");
      reservation.items.put(line.getString("sku"), line.getInteger("qty"));
    }
    reservations.put(orderId, reservation);
    return describe(orderId);
  }

  private synchronized JsonObject finish(String orderId, boolean commit) {
    if (!commit && refuseReleases) {
      throw new Refusal(503, Problems.body(503, "Service unavailable", "releases refused for the test"));
    }
    Reservation reservation = reservations.get(orderId);
    if (commit && reservation != null && "RELEASED".equals(reservation.state)) {
      throw new Refusal(409, Problems.body(409, "Reservation released", "order " + orderId + " was released"));
    }
    boolean holds = reservation != null && ("RESERVED".equals(reservation.state)
        || !commit && "ABANDONED".equals(reservation.state));
    if (!holds) {
      return new JsonObject().put("orderId", orderId).put("state", reservation == null ? "NONE" : reservation.state)
          .put("changed", false);
    }
    reservation.items.forEach((sku, qty) -> {
      int[] counts = stock.get(sku);
      counts[1] -= qty;
      counts[commit ? 2 : 0] += qty;
    });
    reservation.state = commit ? "COMMITTED" : "RELEASED";
    return new JsonObject().put("orderId", orderId).put("state", reservation.state).put("changed", true);
  }

  private synchronized JsonObject describe(String orderId) {
    Reservation reservation = reservations.get(orderId);
    JsonArray items = new JsonArray();
    if (reservation != null) {
      reservation.items.forEach((sku, qty) -> items.add(new JsonObject().put("sku", sku).put("qty", qty)
          .put("state", reservation.state)));
    }
    return new JsonObject().put("orderId", orderId).put("state", reservation == null ? "NONE" : reservation.state)
        .put("items", items);
  }

  /** Switches behaviour at once, e.g. a hung inventory that comes back. */
  public void setMode(Mode mode) {
    this.mode = mode;
  }

  /** Holds stock for an order directly, as if a reservation had arrived and its reply was lost. */
  public synchronized void reserveDirectly(String orderId, Map<String, Integer> items) {
    JsonArray lines = new JsonArray();
    items.forEach((sku, qty) -> lines.add(new JsonObject().put("sku", sku).put("qty", qty)));
    reserve(new JsonObject().put("orderId", orderId).put("items", lines));
  }

  /**
   * Holds stock for an order whose reservation attempt was abandoned (its coordinator died before finishing):
   * the units are held, the reservation reads ABANDONED, and only a release frees them.
   */
  public synchronized void abandonDirectly(String orderId, Map<String, Integer> items) {
    reserveDirectly(orderId, items);
    reservations.get(orderId).state = "ABANDONED";
  }

  /** While true, every release is answered 503 and changes nothing (an inventory that cannot write). */
  public void refuseReleases(boolean refuse) {
    this.refuseReleases = refuse;
  }

  /** The reservation's overall state: NONE, RESERVED, ABANDONED, COMMITTED or RELEASED. */
  public synchronized String stateOf(String orderId) {
    Reservation reservation = reservations.get(orderId);
    return reservation == null ? "NONE" : reservation.state;
  }

  /** {available, reserved, sold} of a sku. */
  public synchronized int[] counts(String sku) {
    return stock.get(sku).clone();
  }

  public synchronized int reserveCalls() {
    return reserveCalls;
  }

  /** Orders that hold or held a reservation (released ones included). */
  public synchronized int reservationCount() {
    return reservations.size();
  }

  /** Conservation per sku, and reserved units equal to what RESERVED reservations hold. */
  public synchronized boolean auditOk() {
    for (Map.Entry<String, int[]> entry : stock.entrySet()) {
      int[] c = entry.getValue();
      int held = reservations.values().stream().filter(r -> "RESERVED".equals(r.state) || "ABANDONED".equals(r.state))
          .mapToInt(r -> r.items.getOrDefault(entry.getKey(), 0)).sum();
      if (c[0] < 0 || c[0] + c[1] + c[2] != initial.get(entry.getKey()) || c[1] != held) {
        return false;
      }
    }
    return true;
  }
}
