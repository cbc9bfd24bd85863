package dev.vxplatform.loadtests.failover;

import dev.vxplatform.loadtests.failover.GatewayClient.Reply;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Sends the workload's requests and records each one, with all its attempts, in the {@link History}. Keyed POSTs
 * are retried by the client with the same key on 502/503/504 and on no answer, honouring {@code Retry-After}, for
 * at most {@code retryForMs}; nothing else is retried by the client.
 */
final class Recorder implements Customer.Requests {

  private static final Set<Integer> RETRYABLE = Set.of(0, 502, 503, 504);
  private static final long MAX_BACKOFF_MS = 2_000;
  private static final long MAX_RETRY_AFTER_MS = 5_000;

  private final Vertx vertx;
  private final GatewayClient gateway;
  private final History history;
  private final long retryForMs;

  Recorder(Vertx vertx, GatewayClient gateway, History history, long retryForMs) {
    this.vertx = vertx;
    this.gateway = gateway;
    this.history = history;
    this.retryForMs = retryForMs;
  }

  @Override
  public Future<Op> read(int client, Action action, String path, String orderId, String customerId, String sku) {
    return gateway.get(path).map(reply -> record(client, action, null, customerId, orderId, Map.of(), sku, 0,
        List.of(reply.attempt()), reply));
  }

  @Override
  public Future<Op> keyed(int client, Action action, String path, JsonObject body, String key, String orderId,
      String customerId, Map<String, Integer> items) {
    List<Attempt> attempts = new ArrayList<>();
    long deadline = System.currentTimeMillis() + retryForMs;
    return retrying(path, body, key, attempts, deadline).map(reply -> {
      String id = orderId != null ? orderId : attempts.stream().map(Attempt::orderId).filter(Objects::nonNull)
          .reduce((first, second) -> second).orElse(null);
      return record(client, action, key, customerId, id, items, null, 0, attempts, reply);
    });
  }

  @Override
  public Future<Op> once(int client, Action action, HttpMethod method, String path, JsonObject body, String sku,
      int qty) {
    return gateway.send(method, path, body, null).map(reply -> record(client, action, null, null, null, Map.of(), sku,
        qty, List.of(reply.attempt()), reply));
  }

  private Future<Reply> retrying(String path, JsonObject body, String key, List<Attempt> attempts, long deadline) {
    return gateway.send(HttpMethod.POST, path, body, key).compose(reply -> {
      attempts.add(reply.attempt());
      long delay = backoff(reply, attempts.size());
      if (!RETRYABLE.contains(reply.status()) || System.currentTimeMillis() + delay > deadline) {
        return Future.succeededFuture(reply);
      }
      return vertx.timer(delay).compose(v -> retrying(path, body, key, attempts, deadline));
    });
  }

  /** {@code Retry-After} when the server gave one (capped), else 250 ms × attempt up to 2 s, with jitter. */
  private static long backoff(Reply reply, int attempt) {
    long base = Math.min(MAX_BACKOFF_MS, 250L * attempt);
    if (reply.retryAfter() != null) {
      try {
        base = Math.min(MAX_RETRY_AFTER_MS, Long.parseLong(reply.retryAfter().trim()) * 1000);
      } catch (NumberFormatException e) {
        // an HTTP date or garbage: keep the backoff
      }
    }
    return base / 2 + ThreadLocalRandom.current().nextLong(base / 2 + 1);
  }

  private Op record(int client, Action action, String key, String customerId, String orderId,
      Map<String, Integer> items, String sku, int qty, List<Attempt> attempts, Reply last) {
    long start = attempts.get(0).startMs();
    long end = attempts.get(attempts.size() - 1).endMs();
    Op op = new Op(history.nextSeq(), client, action, key, customerId, orderId, items, sku, qty, start, end, attempts,
        last.status(), orderStatus(action, last), listed(action, last));
    history.add(op);
    return op;
  }

  private static String orderStatus(Action action, Reply reply) {
    if (action == Action.PLACE && reply.status() == 409) {
      return "REJECTED";
    }
    boolean aboutAnOrder = action == Action.PLACE || action == Action.GET_ORDER || action == Action.CANCEL
        || action == Action.COMPLETE;
    return aboutAnOrder && reply.body() != null && reply.body().getValue("status") instanceof String status
        ? status : null;
  }

  private static int listed(Action action, Reply reply) {
    if (action != Action.LIST_ORDERS || reply.body() == null) {
      return -1;
    }
    return reply.body().getValue("items") instanceof JsonArray items ? items.size() : -1;
  }
}
