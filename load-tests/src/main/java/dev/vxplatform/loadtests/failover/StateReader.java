package dev.vxplatform.loadtests.failover;

import dev.vxplatform.loadtests.failover.FinalState.OrderView;
import dev.vxplatform.loadtests.failover.FinalState.ReservationView;
import dev.vxplatform.loadtests.failover.FinalState.SkuAudit;
import dev.vxplatform.loadtests.failover.GatewayClient.Reply;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the final state through the gateway once the load stopped, polling while any order is PENDING (up to the
 * settle bound): the orders of the workload's customers, inventory's reservations, and the audit.
 *
 * <p>A customer's orders are listed ({@code GET /api/orders?customerId=}, which finds a second order for a key)
 * when its placement was {@link Disturbance#eventful eventful}; the others are read by id ({@code GET
 * /api/orders/{id}}). Listing scans the whole orders map, so listing every customer of a long run costs
 * quadratic time; a placement that was fast, answered at the first attempt and far from any fault gave neither the
 * client nor the gateway a reason to retry, so it cannot have created a second order.
 *
 * <p>A read is retried a few times (these are the checker's reads, not the workload's); what still cannot be read,
 * or is not read before the read bound, is listed as unreadable, and the checker reports it. A slow or broken
 * platform is a finding, never a reason to skip the report.
 */
final class StateReader {

  private static final Logger LOG = LoggerFactory.getLogger(StateReader.class);
  private static final int IN_FLIGHT = 8;
  private static final int TRIES = 5;
  private static final int MAX_PAGES = 5;
  private static final Duration AWAIT = Duration.ofMinutes(3); // above TRIES × client timeout + backoff

  private final Vertx vertx;
  private final GatewayClient gateway;
  private final List<String> unreadable = Collections.synchronizedList(new ArrayList<>());
  private final long readBoundMs;
  private long deadline = Long.MAX_VALUE;

  /** @param readBoundMs how long reading orders and reservations may take in all; the audit is read after it */
  StateReader(Vertx vertx, GatewayClient gateway, long readBoundMs) {
    this.vertx = vertx;
    this.gateway = gateway;
    this.readBoundMs = readBoundMs;
  }

  FinalState read(List<Op> ops, Disturbance disturbance, Set<String> skus, long loadEndMs, long settleBoundMs) {
    deadline = System.currentTimeMillis() + readBoundMs;
    Map<String, Op> placements = new LinkedHashMap<>();
    ops.stream().filter(op -> op.action() == Action.PLACE).forEach(op -> placements.put(op.customerId(), op));
    Function<String, Future<List<OrderView>>> reader = customer -> {
      Op place = placements.get(customer);
      return disturbance.eventful(place) || place.orderId() == null ? ordersOf(customer) : byId(place.orderId());
    };
    LOG.info("Reading the orders of {} customers ({} listed, the others by id)", placements.size(),
        placements.values().stream().filter(p -> disturbance.eventful(p) || p.orderId() == null).count());
    Map<String, List<OrderView>> orders = new HashMap<>(inBatches(List.copyOf(placements.keySet()), reader));
    long settleDeadline = Math.min(deadline, loadEndMs + settleBoundMs);
    List<String> pending = pendingCustomers(orders);
    while (!pending.isEmpty() && System.currentTimeMillis() < settleDeadline) {
      LOG.info("{} customer(s) still have a PENDING order; reading them again", pending.size());
      Blocking.pause(1_000);
      orders.putAll(inBatches(pending, reader));
      pending = pendingCustomers(orders);
    }
    long settled = System.currentTimeMillis() - loadEndMs;
    List<String> ids = orders.entrySet().stream()
        .flatMap(e -> e.getValue().stream().filter(o -> !"REJECTED".equals(o.status())
            || disturbance.eventful(placements.get(e.getKey()))))
        .map(OrderView::id).toList();
    Map<String, ReservationView> reservations = inBatches(ids, this::reservationOf);
    deadline = Long.MAX_VALUE; // the audit is read whatever time is left: without it nothing about stock is known
    Reply audit = await(tryRead("/api/inventory/audit", 1));
    boolean auditRead = audit != null && audit.status() == 200 && audit.body() != null;
    if (!auditRead) {
      unreadable.add("inventory audit");
    }
    List<SkuAudit> skuAudits = !auditRead ? List.of() : audit.body().getJsonArray("skus").stream()
        .map(o -> skuAudit((JsonObject) o)).toList();
    return new FinalState(orders, reservations, skuAudits, auditRead && audit.body().getBoolean("ok", false), skus,
        unreadable, settled);
  }

  private static List<String> pendingCustomers(Map<String, List<OrderView>> orders) {
    return orders.entrySet().stream().filter(e -> e.getValue().stream().anyMatch(o -> o.status().equals("PENDING")))
        .map(Map.Entry::getKey).toList();
  }

  /** At most {@value #IN_FLIGHT} reads at a time; keys whose read failed are left out (and listed unreadable). */
  private <T> Map<String, T> inBatches(List<String> keys, Function<String, Future<T>> reader) {
    Map<String, T> results = new LinkedHashMap<>();
    for (int from = 0; from < keys.size(); from += IN_FLIGHT) {
      if (System.currentTimeMillis() > deadline) {
        unreadable.add((keys.size() - from) + " more: the read bound of " + readBoundMs + " ms passed");
        break;
      }
      List<String> batch = keys.subList(from, Math.min(keys.size(), from + IN_FLIGHT));
      List<T> values = await(Future.all(batch.stream().map(reader).toList()).map(all -> all.<T>list()));
      for (int i = 0; i < batch.size(); i++) {
        if (values != null && values.get(i) != null) {
          results.put(batch.get(i), values.get(i));
        } else if (values == null) {
          unreadable.add(batch.get(i) + " (no outcome within " + AWAIT + ")");
        }
      }
    }
    return results;
  }

  private static <T> T await(Future<T> future) {
    try {
      return Blocking.await(future, AWAIT);
    } catch (IllegalStateException e) {
      return null;
    }
  }

  private Future<List<OrderView>> byId(String orderId) {
    return tryRead("/api/orders/" + encode(orderId), 1).map(reply -> {
      if (reply.status() == 404) {
        return List.<OrderView>of();
      }
      if (reply.status() != 200 || reply.body() == null) {
        unreadable.add("order " + orderId);
        return null;
      }
      return List.of(orderView(reply.body()));
    });
  }

  private Future<List<OrderView>> ordersOf(String customerId) {
    return page(customerId, null, new ArrayList<>(), 0);
  }

  private Future<List<OrderView>> page(String customerId, String after, List<OrderView> found, int pages) {
    String path = "/api/orders?limit=100&customerId=" + encode(customerId) + (after == null ? "" : "&after="
        + encode(after));
    return tryRead(path, 1).compose(reply -> {
      if (reply.status() != 200 || reply.body() == null) {
        unreadable.add("orders of customer " + customerId);
        return Future.succeededFuture(null);
      }
      reply.body().getJsonArray("items").forEach(o -> found.add(orderView((JsonObject) o)));
      String next = reply.body().getString("next");
      return next == null || pages + 1 >= MAX_PAGES ? Future.succeededFuture(found)
          : page(customerId, next, found, pages + 1);
    });
  }

  private Future<ReservationView> reservationOf(String orderId) {
    return tryRead("/api/reservations/" + encode(orderId), 1).map(reply -> {
      if (reply.status() != 200 || reply.body() == null) {
        unreadable.add("reservation of order " + orderId);
        return null;
      }
      Map<String, ReservationView.Line> lines = new HashMap<>();
      reply.body().getJsonArray("items", new JsonArray()).forEach(o -> {
        JsonObject line = (JsonObject) o;
        lines.put(line.getString("sku"), new ReservationView.Line(line.getInteger("qty"), line.getString("state")));
      });
      return new ReservationView(orderId, reply.body().getString("state"), lines);
    });
  }

  /** The last reply: a 200 or a 404 at once, anything else after {@value #TRIES} tries (or the read bound). */
  private Future<Reply> tryRead(String path, int attempt) {
    return gateway.get(path).compose(reply -> {
      if (reply.status() == 200 || reply.status() == 404 || attempt >= TRIES
          || System.currentTimeMillis() > deadline) {
        if (reply.status() != 200 && reply.status() != 404) {
          LOG.warn("Check read {} failed {} time(s); last: {} {}", path, attempt, reply.status(),
              reply.attempt().error());
        }
        return Future.succeededFuture(reply);
      }
      return vertx.timer(500L * attempt).compose(v -> tryRead(path, attempt + 1));
    });
  }

  private static OrderView orderView(JsonObject json) {
    Map<String, Integer> items = new LinkedHashMap<>();
    json.getJsonArray("items").forEach(o -> items.put(((JsonObject) o).getString("sku"),
        ((JsonObject) o).getInteger("qty")));
    return new OrderView(json.getString("id"), json.getString("customerId"), items, json.getString("status"));
  }

  private static SkuAudit skuAudit(JsonObject json) {
    return new SkuAudit(json.getString("sku"), json.getLong("initial", 0L), json.getLong("restocked", 0L),
        json.getLong("available", 0L), json.getLong("reserved", 0L), json.getLong("sold", 0L),
        json.getBoolean("ok", false));
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }
}
