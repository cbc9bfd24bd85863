package dev.vxplatform.order.orders;

import dev.vxplatform.order.cluster.ClusterUnavailableException;
import dev.vxplatform.order.cluster.WriteGate;
import dev.vxplatform.order.idempotency.Outcome;
import dev.vxplatform.shared.security.Access;
import dev.vxplatform.shared.security.AccessRefusal;
import dev.vxplatform.shared.security.Principal;
import dev.vxplatform.shared.security.Scopes;
import dev.vxplatform.shared.web.ProblemException;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.function.Function;

/** The HTTP API of orders; the logic lives in {@link OrderSaga}, {@link OrderStore} and {@link IdempotentOrders}. */
public final class OrderRoutes {

  public static final String IDEMPOTENCY_KEY = "Idempotency-Key";
  public static final int DEFAULT_PAGE = 20;
  public static final int MAX_PAGE = 100;
  private static final String WRITE_MARK = "orders.write-mark";

  private final OrderSaga saga;
  private final OrderStore store;
  private final IdempotentOrders idempotent;
  private final WriteGate gate;

  private OrderRoutes(OrderSaga saga, OrderStore store, IdempotentOrders idempotent, WriteGate gate) {
    this.saga = saga;
    this.store = store;
    this.idempotent = idempotent;
    this.gate = gate;
  }

  /**
   * Every route needs a token with its scope, and acts for the token's customer only: another customer's order
   * answers 404, so its existence does not leak. A token with the {@code admin} scope acts for any customer.
   *
   * @param gate asked before every write: a node that must not write answers 503 before touching anything
   */
  public static void mount(Router router, Access access, OrderSaga saga, OrderStore store,
      IdempotentOrders idempotent, WriteGate gate) {
    OrderRoutes routes = new OrderRoutes(saga, store, idempotent, gate);
    Handler<RoutingContext> guard = ctx -> guard(ctx, gate);
    Handler<RoutingContext> writer = access.requires(Scopes.ORDERS_WRITE);
    Handler<RoutingContext> reader = access.requires(Scopes.ORDERS_READ);
    router.post("/orders").handler(writer).handler(guard).handler(routes::place);
    router.get("/orders").handler(reader).handler(routes::list);
    router.get("/orders/:id").handler(reader).handler(routes::get);
    router.post("/orders/:id/cancel").handler(writer).handler(guard).handler(ctx -> routes.act(ctx, saga::cancel));
    router.post("/orders/:id/complete").handler(writer).handler(guard).handler(ctx -> routes.act(ctx, saga::complete));
  }

  private static void guard(RoutingContext ctx, WriteGate gate) {
    long mark = gate.mark();
    ClusterUnavailableException refusal = gate.refusal();
    if (refusal == null) {
      ctx.put(WRITE_MARK, mark);
      ctx.next();
    } else {
      Outcome.problem(refusal).send(ctx);
    }
  }

  /** For the token's customer; a body naming another customer is a 403 (unless the token is an operator's). */
  private void place(RoutingContext ctx) {
    Principal caller = Principal.of(ctx);
    OrderRequest asked = OrderRequest.parse(ctx.body().buffer());
    String customer = asked.customerId() == null ? caller.subject() : asked.customerId();
    if (!caller.actsFor(customer)) {
      throw AccessRefusal.notYours("customerId " + customer + " is not the token's subject; leave customerId out");
    }
    OrderRequest request = asked.forCustomer(customer);
    String key = ctx.request().getHeader(IDEMPOTENCY_KEY);
    Future<Outcome> outcome = acknowledged(ctx, key == null
        ? saga.place(Order.newId(), request)
        : idempotent.place(IdempotentOrders.scopedKey(customer, key), request));
    outcome.onSuccess(answer -> answer.send(ctx)).onFailure(failure -> fail(ctx, failure));
  }

  /**
   * From the map, or the table when the map is slow to answer; from the table alone while this node must not write
   * (its map may be stale, or unable to load).
   */
  private void get(RoutingContext ctx) {
    String id = ctx.pathParam("id");
    reply(ctx, owned(ctx, id, gate.isOpen() ? store.getPatiently(id) : store.read(id)));
  }

  /** Cancel or complete: only an order the caller may see. */
  private void act(RoutingContext ctx, Function<String, Future<Order>> action) {
    String id = ctx.pathParam("id");
    reply(ctx, acknowledged(ctx, owned(ctx, id, store.get(id)).compose(order -> action.apply(id))));
  }

  /**
   * {@code written}, unless this node lost its majority (or froze) since the request passed the guard: then a 503,
   * since a split-brain merge may have replaced what it wrote, even if the majority is back by now.
   */
  private <T> Future<T> acknowledged(RoutingContext ctx, Future<T> written) {
    return written.compose(result -> {
      ClusterUnavailableException lost = gate.refusalSince(ctx.get(WRITE_MARK));
      return lost == null ? Future.succeededFuture(result) : Future.failedFuture(lost);
    });
  }

  private static Future<Order> owned(RoutingContext ctx, String id, Future<Order> found) {
    Principal caller = Principal.of(ctx);
    return found.compose(order -> order != null && caller.actsFor(order.customerId()) ? Future.succeededFuture(order)
        : Future.failedFuture(ProblemException.notFound("no order " + id)));
  }

  /**
   * {@code GET /orders?customerId=&limit=&after=}: a bounded page, oldest first, {@code next} is the cursor. The
   * customer defaults to the token's; naming another is a 403.
   */
  private void list(RoutingContext ctx) {
    Principal caller = Principal.of(ctx);
    String named = ctx.request().getParam("customerId");
    String customerId = named == null ? caller.subject() : named;
    if (customerId.isBlank()) {
      throw ProblemException.badRequest("customerId must not be blank");
    }
    if (!caller.actsFor(customerId)) {
      throw AccessRefusal.notYours("a customer lists only their own orders");
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
