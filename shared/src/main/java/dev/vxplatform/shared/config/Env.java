package dev.vxplatform.shared.config;

import java.util.Map;

/**
 * Typed reads of environment variables for the config records: a blank variable means "use the default", and a
 * malformed one stops the service at start-up with a message naming the variable.
 */
public final class Env {

  private final Map<String, String> vars;

  private Env(Map<String, String> vars) {
    this.vars = vars;
  }

  public static Env of(Map<String, String> vars) {
    return new Env(vars);
  }

  public String string(String key, String fallback) {
    String value = vars.get(key);
    return value == null || value.isBlank() ? fallback : value.trim();
  }

  public long number(String key, long fallback) {
    String value = vars.get(key);
    if (value == null || value.isBlank()) {
      return fallback;
    }
    try {
      return Long.parseLong(value.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(key + " must be a whole number, got '" + value + "'");
    }
  }

  public int integer(String key, int fallback) {
    long value = number(key, fallback);
    if (value < Integer.MIN_VALUE || value > Integer.MAX_VALUE) {
      throw new IllegalArgumentException(key + " is out of range: " + value);
    }
    return (int) value;
  }

  public boolean flag(String key, boolean fallback) {
    String value = string(key, null);
    if (value == null) {
      return fallback;
    }
    if (!value.equalsIgnoreCase("true") && !value.equalsIgnoreCase("false")) {
      throw new IllegalArgumentException(key + " must be true or false, got '" + value + "'");
    }
    return Boolean.parseBoolean(value);
  }

  public boolean has(String key) {
    return string(key, null) != null;
  }
}
