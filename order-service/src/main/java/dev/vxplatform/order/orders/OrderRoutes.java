package dev.vxplatform.order.orders;

import dev.vxplatform.order.cluster.ClusterUnavailableException;
import dev.vxplatform.order.cluster.WriteGate;
import dev.vxplatform.order.idempotency.IdempotentRequests;
import dev.vxplatform.order.idempotency.Outcome;
import dev.vxplatform.shared.web.ProblemException;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.List;

/** The HTTP API of orders; the logic lives in {@link OrderSaga}, {@link OrderStore} and {@link IdempotentRequests}. */
public final class OrderRoutes {

  public static final String IDEMPOTENCY_KEY = "Idempotency-Key";
  public static final int DEFAULT_PAGE = 20;
  public static final int MAX_PAGE = 100;

  private final OrderSaga saga;
  private final OrderStore store;
  private final IdempotentRequests idempotent;
  private final WriteGate gate;

  private OrderRoutes(OrderSaga saga, OrderStore store, IdempotentRequests idempotent, WriteGate gate) {
    this.saga = saga;
    this.store = store;
    this.idempotent = idempotent;
    this.gate = gate;
  }

  /** @param gate asked before every write: a node that must not write answers 503 before touching anything */
  public static void mount(Router router, OrderSaga saga, OrderStore store, IdempotentRequests idempotent,
      WriteGate gate) {
    OrderRoutes routes = new OrderRoutes(saga, store, idempotent, gate);
    Handler<RoutingContext> guard = ctx -> guard(ctx, gate);
    router.post("/orders").handler(guard).handler(routes::place);
    router.get("/orders").handler(routes::list);
    router.get("/orders/:id").handler(routes::get);
    router.post("/orders/:id/cancel").handler(guard)
        .handler(ctx -> routes.reply(ctx, saga.cancel(ctx.pathParam("id"))));
    router.post("/orders/:id/complete").handler(guard)
        .handler(ctx -> routes.reply(ctx, saga.complete(ctx.pathParam("id"))));
  }

  private static void guard(RoutingContext ctx, WriteGate gate) {
    ClusterUnavailableException refusal = gate.refusal();
    if (refusal == null) {
      ctx.next();
    } else {
      Outcome.problem(refusal).send(ctx);
    }
  }

  private void place(RoutingContext ctx) {
    OrderRequest request = OrderRequest.parse(ctx.body().buffer());
    String key = ctx.request().getHeader(IDEMPOTENCY_KEY);
    Future<Outcome> outcome = key == null
        ? saga.place(Order.newId(), request)
        : idempotent.execute(IdempotentRequests.validKey(key), request.fingerprint(), Order::newId,
            id -> saga.place(id, request));
    outcome.onSuccess(answer -> answer.send(ctx)).onFailure(failure -> fail(ctx, failure));
  }

  /** From the map; from the table while this node must not write (its map may be stale, or unable to load). */
  private void get(RoutingContext ctx) {
    String id = ctx.pathParam("id");
    Future<Order> found = gate.isOpen() ? store.get(id) : store.read(id);
    reply(ctx, found.compose(order -> order != null ? Future.succeededFuture(order)
        : Future.failedFuture(ProblemException.notFound("no order " + id))));
  }

  /** {@code GET /orders?customerId=&limit=&after=}: a bounded page, oldest first, {@code next} is the cursor. */
  private void list(RoutingContext ctx) {
    String customerId = ctx.request().getParam("customerId");
    if (customerId == null || customerId.isBlank()) {
      throw ProblemException.badRequest("customerId is required: GET /orders?customerId=...");
    }
    int limit = limitOf(ctx.request().getParam("limit"));
    String after = ctx.request().getParam("after");
    store.byCustomer(customerId, after, limit)
        .onSuccess(orders -> ctx.json(page(orders, limit)))
        .onFailure(failure -> fail(ctx, failure));
  }

  private static JsonObject page(List<Order> orders, int limit) {
    JsonArray items = new JsonArray(orders.stream().map(Order::toJson).toList());
    String next = orders.size() == limit ? orders.get(orders.size() - 1).id() : null;
    return new JsonObject().put("items", items).put("next", next);
  }

  private static int limitOf(String raw) {
    if (raw == null) {
      return DEFAULT_PAGE;
    }
    try {
      int limit = Integer.parseInt(raw.trim());
      if (limit >= 1 && limit <= MAX_PAGE) {
        return limit;
      }
    } catch (NumberFormatException e) {
      // answered below
    }
    throw ProblemException.badRequest("limit must be a whole number from 1 to " + MAX_PAGE);
  }

  private void reply(RoutingContext ctx, Future<Order> order) {
    order.onSuccess(found -> ctx.json(found.toJson())).onFailure(failure -> fail(ctx, failure));
  }

  /**
   * A 503 (inventory away, a write refused by split-brain protection) is answered with Retry-After; other problems go
   * to the router's failure handler.
   */
  private static void fail(RoutingContext ctx, Throwable raw) {
    Throwable failure = ClusterUnavailableException.translate(raw);
    if (failure instanceof ProblemException problem && problem.status() == 503) {
      Outcome.problem(problem).send(ctx);
    } else {
      ctx.fail(failure);
    }
  }
}
