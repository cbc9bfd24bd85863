package dev.vxplatform.order.orders;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An order as stored (JSON in the {@code orders} map) and as clients see it.
 *
 * <p>{@link #encode()} writes the fields in a fixed order, so an order read from the map and encoded again gives
 * back the exact stored text; the store relies on that to compare-and-set a new version.
 *
 * <p>An order placed with an {@code Idempotency-Key} is also that key's record: its id is derived from the key
 * ({@link #idForKey}), and it stores the request's fingerprint and the attempt that drives it. Neither is shown to
 * clients.
 *
 * @param reason      why it was rejected, or {@code null}
 * @param shortItems  for a rejection for stock: {@code [{sku, requested, available}]}, else {@code null}
 * @param fingerprint of the request that placed it with a key ({@link OrderRequest#fingerprint}), else {@code null}
 * @param attempt     the id of the request attempt driving it while it is PENDING, {@code null} when none is
 */
public record Order(String id, String customerId, List<OrderLine> items, OrderStatus status, long createdAt,
    long updatedAt, int version, String reason, JsonArray shortItems, String fingerprint, String attempt) {

  private static final AtomicLong LAST_STAMP = new AtomicLong();

  public Order {
    items = List.copyOf(items);
  }

  public static Order pending(String id, OrderRequest request, long now) {
    return new Order(id, request.customerId(), request.items(), OrderStatus.PENDING, now, now, 1, null, null, null,
        null);
  }

  /** The order of an {@code Idempotency-Key}: its id is the key's ({@link #idForKey}), driven by {@code attempt}. */
  public static Order keyed(String scopedKey, OrderRequest request, long now, String attempt) {
    return new Order(idForKey(scopedKey), request.customerId(), request.items(), OrderStatus.PENDING, now, now, 1,
        null, null, request.fingerprint(), attempt);
  }

  /**
   * The id of the order placed with {@code scopedKey} (a customer's key, see {@code IdempotentOrders}): the same on
   * every node and for every retry, so the first request to store it wins and every other finds it. 128 bits of
   * SHA-256, after a {@code k} that keeps these ids apart from {@link #newId()}'s.
   */
  public static String idForKey(String scopedKey) {
    return "k" + HexFormat.of().formatHex(Sha256.of(scopedKey), 0, 16);
  }

  /**
   * A fresh id that sorts by creation time: epoch millis with a 12-bit sequence (strictly increasing in this JVM,
   * 14 hex digits), then 12 random hex digits that keep ids of different nodes apart. A page of a customer's
   * orders sorted by id is thus in creation order.
   */
  public static String newId() {
    long stamp = LAST_STAMP.updateAndGet(last -> Math.max(last + 1, System.currentTimeMillis() << 12));
    long random = ThreadLocalRandom.current().nextLong() & 0xFFFF_FFFF_FFFFL;
    return String.format("%014x-%012x", stamp, random);
  }

  /** The next version of this order in status {@code next}; 409 when the status does not allow it. */
  public Order moveTo(OrderStatus next, long now, String why, JsonArray shortOnes) {
    if (!status.canMoveTo(next)) {
      throw new IllegalTransitionException(this, next);
    }
    return new Order(id, customerId, items, next, createdAt, Math.max(now, updatedAt), version + 1, why, shortOnes,
        fingerprint, null);
  }

  /** Still PENDING, now driven by {@code newAttempt} ({@code null}: by none, a retry may take it over at once). */
  public Order drivenBy(String newAttempt, long now) {
    return new Order(id, customerId, items, status, createdAt, Math.max(now, updatedAt), version + 1, reason,
        shortItems, fingerprint, newAttempt);
  }

  public Order moveTo(OrderStatus next, long now) {
    return moveTo(next, now, null, null);
  }

  public JsonArray itemsJson() {
    return new JsonArray(items.stream().map(OrderLine::toJson).toList());
  }

  public JsonObject toJson() {
    JsonObject json = new JsonObject()
        .put("id", id)
        .put("customerId", customerId)
        .put("items", itemsJson())
        .put("status", status.name())
        .put("createdAt", createdAt)
        .put("updatedAt", updatedAt)
        .put("version", version);
    if (reason != null) {
      json.put("reason", reason);
    }
    if (shortItems != null) {
      json.put("short", shortItems.copy());
    }
    return json;
  }

  /** As stored: what clients see, and the key's fingerprint and attempt. */
  public String encode() {
    JsonObject json = toJson();
    if (fingerprint != null) {
      json.put("fingerprint", fingerprint);
    }
    if (attempt != null) {
      json.put("attempt", attempt);
    }
    return json.encode();
  }

  public static Order fromJson(JsonObject json) {
    JsonArray lines = json.getJsonArray("items");
    List<OrderLine> items = lines.stream().map(line -> OrderLine.fromJson((JsonObject) line)).toList();
    return new Order(json.getString("id"), json.getString("customerId"), items,
        OrderStatus.valueOf(json.getString("status")), json.getLong("createdAt"), json.getLong("updatedAt"),
        json.getInteger("version"), json.getString("reason"), json.getJsonArray("short"), json.getString("fingerprint"),
        json.getString("attempt"));
  }

  public static Order decode(String text) {
    return fromJson(new JsonObject(text));
  }
}
