package dev.vxplatform.inventory.api;

import dev.vxplatform.shared.web.ProblemException;
import io.vertx.core.json.JsonObject;
import java.util.regex.Pattern;

/** Field checks shared by the operations; each failure is a 400 naming the field. */
public final class Inputs {

  private static final Pattern SKU = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
  private static final Pattern ORDER_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:-]{0,127}");

  private Inputs() {
  }

  public static String sku(JsonObject input) {
    return id(input, "sku", SKU, "1-64 letters, digits, '.', '_' or '-'");
  }

  public static String orderId(JsonObject input) {
    return id(input, "orderId", ORDER_ID, "1-128 letters, digits, '.', '_', ':' or '-'");
  }

  static String id(JsonObject input, String field, Pattern pattern, String rule) {
    Object value = input.getValue(field);
    if (value == null) {
      throw ProblemException.badRequest("'" + field + "' is required");
    }
    if (!(value instanceof String text) || !pattern.matcher(text).matches()) {
      throw ProblemException.badRequest("'" + field + "' must be " + rule);
    }
    return text;
  }

  /** A whole number in {@code [min, max]}; decimals, strings and booleans are refused, not coerced. */
  public static long wholeNumber(JsonObject input, String field, long min, long max) {
    Object value = input.getValue(field);
    if (value == null) {
      throw ProblemException.badRequest("'" + field + "' is required");
    }
    if (!(value instanceof Integer || value instanceof Long || value instanceof Short || value instanceof Byte)) {
      throw ProblemException.badRequest("'" + field + "' must be a whole number");
    }
    long number = ((Number) value).longValue();
    if (number < min || number > max) {
      throw ProblemException.badRequest("'" + field + "' must be between " + min + " and " + max + ", got " + number);
    }
    return number;
  }

  public static String text(JsonObject input, String field, int maxLength) {
    Object value = input.getValue(field);
    if (!(value instanceof String text) || text.isBlank() || text.length() > maxLength) {
      throw ProblemException.badRequest("'" + field + "' must be a non-blank string of at most " + maxLength
          + " characters");
    }
    return text;
  }
}
