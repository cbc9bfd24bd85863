package dev.vxplatform.shared.testing;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.json.schema.Draft;
import io.vertx.json.schema.JsonSchema;
import io.vertx.json.schema.JsonSchemaOptions;
import io.vertx.json.schema.OutputFormat;
import io.vertx.json.schema.OutputUnit;
import io.vertx.json.schema.Validator;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The public API's OpenAPI contract ({@code openapi/platform.json} in shared, what the gateway serves at
 * {@code /openapi.json}) held against real answers: tests hand every request they send and every answer they get to
 * {@link #check}, which fails when the answer's status is not documented for the route, or its body does not match
 * the documented schema (JSON Schema 2020-12, as OpenAPI 3.1 uses). Services see their routes without the gateway's
 * {@code /api} prefix; the contract names them with it.
 */
public final class ApiContract {

  public static final String RESOURCE = "openapi/platform.json";
  private static final JsonObject DOC = load();
  private static final JsonSchemaOptions OPTIONS = new JsonSchemaOptions().setDraft(Draft.DRAFT202012)
      .setBaseUri("https://vxplatform.dev/openapi/").setOutputFormat(OutputFormat.Basic);

  private ApiContract() {
  }

  /**
   * @param servicePath the path the service saw, with its query ({@code /orders/42?x=1})
   * @param requestBody what was sent (checked when it is JSON and the route took it), or null
   * @throws AssertionError naming the route and what differs from the contract
   */
  public static void check(String method, String servicePath, Object requestBody, int status, String contentType,
      Buffer answer) {
    if (servicePath.startsWith("/health") || servicePath.startsWith("/metrics")) {
      return; // the platform's own routes, not the public API
    }
    String path = "/api" + servicePath.replaceFirst("\\?.*$", "");
    Optional<JsonObject> pathItem = pathItem(path);
    JsonObject operation = pathItem.map(item -> item.getJsonObject(method.toLowerCase())).orElse(null);
    if (operation == null) {
      // Outside the contract: a route that does not exist, or a method a route does not take.
      int expected = pathItem.isPresent() ? 405 : 404;
      if (status != expected) {
        throw new AssertionError("the contract has no " + method + " " + path + ", yet it answered " + status);
      }
      return;
    }
    String route = method + " " + path + " (" + operation.getString("operationId") + ")";
    JsonObject requestSchema = resolve(operation.getJsonObject("requestBody", new JsonObject())
        .getJsonObject("content", new JsonObject()).getJsonObject("application/json", new JsonObject())
        .getJsonObject("schema"));
    // Only bodies the route took: a refused one may be deliberately wrong (the tests of bad input send such).
    if ((requestBody instanceof JsonObject || requestBody instanceof JsonArray) && requestSchema != null
        && status / 100 == 2) {
      validate(route + " request", requestSchema, requestBody);
    }
    JsonObject response = resolve(operation.getJsonObject("responses").getJsonObject(String.valueOf(status)));
    if (response == null) {
      throw new AssertionError(route + " answered " + status + ", which the contract does not list");
    }
    JsonObject content = response.getJsonObject("content");
    if (content == null || answer == null || answer.length() == 0) {
      return;
    }
    String mediaType = contentType == null ? "" : contentType.replaceFirst(";.*$", "").trim();
    JsonObject documented = content.getJsonObject(mediaType);
    if (documented == null) {
      throw new AssertionError(route + " answered " + status + " as '" + contentType + "'; the contract has "
          + content.fieldNames());
    }
    validate(route + " " + status, resolve(documented.getJsonObject("schema")), Json.decodeValue(answer));
  }

  private static void validate(String what, JsonObject schema, Object value) {
    OutputUnit result = Validator.create(JsonSchema.of(inline(schema)), OPTIONS).validate(value);
    if (!result.getValid()) {
      throw new AssertionError(what + " does not match the contract: " + result.getErrors() + " in " + value);
    }
  }

  /** The path item whose template matches {@code path} (a {@code {name}} matches one segment). */
  private static Optional<JsonObject> pathItem(String path) {
    JsonObject paths = DOC.getJsonObject("paths");
    for (String template : paths.fieldNames()) {
      Pattern pattern = Pattern.compile("^" + template.replaceAll("\\{[^/]+}", "[^/]+") + "$");
      if (pattern.matcher(path).matches()) {
        return Optional.of(paths.getJsonObject(template));
      }
    }
    return Optional.empty();
  }

  /** Follows a {@code $ref} into the components, if there is one. */
  private static JsonObject resolve(JsonObject node) {
    if (node == null || !node.containsKey("$ref")) {
      return node;
    }
    JsonObject target = DOC;
    for (String part : node.getString("$ref").substring(2).split("/")) {
      target = target.getJsonObject(part);
    }
    return resolve(target);
  }

  /** The schema with every reference to a component replaced by the component itself (ours have no cycles). */
  private static Object inline(Object node) {
    if (node instanceof JsonObject object) {
      if (object.containsKey("$ref")) {
        return inline(resolve(object));
      }
      JsonObject copy = new JsonObject();
      object.forEach(entry -> copy.put(entry.getKey(), inline(entry.getValue())));
      return copy;
    }
    if (node instanceof JsonArray array) {
      JsonArray copy = new JsonArray();
      array.forEach(item -> copy.add(inline(item)));
      return copy;
    }
    return node;
  }

  private static JsonObject inline(JsonObject schema) {
    return (JsonObject) inline((Object) schema);
  }

  /** The contract itself, for tests about it. */
  public static JsonObject document() {
    return DOC.copy();
  }

  private static JsonObject load() {
    try (InputStream in = ApiContract.class.getClassLoader().getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(RESOURCE + " is not on the classpath");
      }
      return new JsonObject(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
