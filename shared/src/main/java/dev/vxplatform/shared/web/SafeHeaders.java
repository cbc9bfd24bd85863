package dev.vxplatform.shared.web;

import io.vertx.core.http.HttpServerResponse;

/**
 * Headers on every answer the platform writes itself. {@code nosniff}: a browser never guesses another type than
 * the one declared (a JSON body read as HTML). {@code no-store}: answers are per request and may be a customer's
 * own, so no cache along the way keeps them. Vert.x sends no {@code Server} banner, so there is none to remove.
 */
public final class SafeHeaders {

  private SafeHeaders() {
  }

  public static HttpServerResponse on(HttpServerResponse response) {
    return response.putHeader("X-Content-Type-Options", "nosniff").putHeader("Cache-Control", "no-store");
  }
}
