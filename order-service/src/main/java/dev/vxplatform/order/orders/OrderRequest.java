package dev.vxplatform.order.orders;

import dev.vxplatform.shared.web.ProblemException;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;

/**
 * A validated {@code POST /orders} body {@code {customerId?, items:[{sku, qty}]}}. Unknown fields are refused
 * rather than ignored, so a misspelt field never silently places a different order. {@code customerId} is null when
 * the body leaves it out: the caller's token says who orders ({@link #forCustomer}).
 */
public record OrderRequest(String customerId, List<OrderLine> items) {

  public static final int MAX_ID_LENGTH = 64;
  public static final int MAX_LINES = 50;
  public static final int MAX_QTY = 10_000;
  private static final Set<String> FIELDS = Set.of("customerId", "items");
  private static final Set<String> LINE_FIELDS = Set.of("sku", "qty");

  public OrderRequest {
    items = List.copyOf(items);
  }

  /** Parses and validates a request body; every problem is a 400 that names the field. */
  public static OrderRequest parse(Buffer body) {
    if (body == null || body.length() == 0) {
      throw ProblemException.badRequest("the request body must be a JSON object {items, customerId?}");
    }
    Object decoded;
    try {
      decoded = Json.decodeValue(body);
    } catch (DecodeException e) {
      throw new ProblemException(400, "Malformed JSON", "the request body is not valid JSON");
    }
    if (!(decoded instanceof JsonObject json)) {
      throw ProblemException.badRequest("the request body must be a JSON object {items, customerId?}");
    }
    return parse(json);
  }

  static OrderRequest parse(JsonObject json) {
    rejectUnknown(json, FIELDS, "");
    Object named = json.getValue("customerId");
    String customerId = named == null ? null : text(named, "customerId");
    if (!(json.getValue("items") instanceof JsonArray lines)) {
      throw ProblemException.badRequest("items must be a non-empty array of {sku, qty}");
    }
    if (lines.isEmpty() || lines.size() > MAX_LINES) {
      throw ProblemException.badRequest("items must hold 1 to " + MAX_LINES + " lines, got " + lines.size());
    }
    List<OrderLine> items = new ArrayList<>();
    Set<String> skus = new HashSet<>();
    for (int i = 0; i < lines.size(); i++) {
      String at = "items[" + i + "]";
      if (!(lines.getValue(i) instanceof JsonObject line)) {
        throw ProblemException.badRequest(at + " must be an object {sku, qty}");
      }
      rejectUnknown(line, LINE_FIELDS, at + ".");
      String sku = text(line.getValue("sku"), at + ".sku");
      int qty = quantity(line.getValue("qty"), at + ".qty");
      if (!skus.add(sku)) {
        throw ProblemException.badRequest("sku " + sku + " appears twice; order it once with the total qty");
      }
      items.add(new OrderLine(sku, qty));
    }
    return new OrderRequest(customerId, items);
  }

  private static void rejectUnknown(JsonObject json, Set<String> known, String prefix) {
    for (String field : json.fieldNames()) {
      if (!known.contains(field)) {
        throw ProblemException.badRequest("unknown field " + prefix + field + "; expected " + known);
      }
    }
  }

  /** No control characters: no id has one, and PostgreSQL refuses NUL in the text columns these reach. */
  private static String text(Object value, String field) {
    if (!(value instanceof String text) || text.isBlank() || text.length() > MAX_ID_LENGTH
        || text.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
      throw ProblemException.badRequest(field + " must be a non-blank string of at most " + MAX_ID_LENGTH
          + " characters, without control characters");
    }
    return text;
  }

  private static int quantity(Object value, String field) {
    boolean whole = value instanceof Integer || value instanceof Long;
    long qty = whole ? ((Number) value).longValue() : 0;
    if (!whole || qty < 1 || qty > MAX_QTY) {
      throw ProblemException.badRequest(field + " must be a whole number from 1 to " + MAX_QTY);
    }
    return (int) qty;
  }

  /** This request placed for {@code customerId} (the token's subject when the body named no one). */
  public OrderRequest forCustomer(String customerId) {
    return new OrderRequest(text(customerId, "the customer (the token's sub)"), items);
  }

  public JsonObject toJson() {
    return new JsonObject()
        .put("customerId", customerId)
        .put("items", new JsonArray(items.stream().map(OrderLine::toJson).toList()));
  }

  /** SHA-256 of the canonical form: equal for the same order however the client spaced or ordered the fields. */
  public String fingerprint() {
    return HexFormat.of().formatHex(Sha256.of(toJson().encode()));
  }
}
