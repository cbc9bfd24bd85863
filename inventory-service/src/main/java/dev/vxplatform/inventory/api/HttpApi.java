package dev.vxplatform.inventory.api;

import static dev.vxplatform.shared.contract.InventoryContract.AUDIT;
import static dev.vxplatform.shared.contract.InventoryContract.COMMIT;
import static dev.vxplatform.shared.contract.InventoryContract.GET_PRODUCT;
import static dev.vxplatform.shared.contract.InventoryContract.GET_RESERVATION;
import static dev.vxplatform.shared.contract.InventoryContract.GET_STOCK;
import static dev.vxplatform.shared.contract.InventoryContract.LIST_PRODUCTS;
import static dev.vxplatform.shared.contract.InventoryContract.RELEASE;
import static dev.vxplatform.shared.contract.InventoryContract.RESERVE;
import static dev.vxplatform.shared.contract.InventoryContract.RESTOCK;
import static dev.vxplatform.shared.contract.InventoryContract.UPSERT_PRODUCT;

import dev.vxplatform.shared.security.Access;
import dev.vxplatform.shared.security.Scopes;
import dev.vxplatform.shared.web.ProblemException;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.Map;
import java.util.function.Function;

/**
 * The HTTP twins of the event-bus operations: each route turns its path and body into the operation's
 * event-bus input, so both paths validate and behave alike. Failures go to the platform router's problem+json
 * failure handler.
 */
public final class HttpApi {

  private final Router router;
  private final Map<String, Operation> operations;

  private HttpApi(Router router, Map<String, Operation> operations) {
    this.router = router;
    this.operations = operations;
  }

  /**
   * The catalog reads are public; every other route needs a token with its scope.
   *
   * @param operations by event-bus address, as {@link BusApi} registers them
   */
  public static void mount(Router router, Access access, Map<String, Operation> operations) {
    HttpApi api = new HttpApi(router, operations);
    Handler<RoutingContext> anyone = RoutingContext::next;
    Handler<RoutingContext> admin = access.requires(Scopes.INVENTORY_ADMIN);
    api.bind(HttpMethod.GET, "/products", anyone, LIST_PRODUCTS, ctx -> new JsonObject());
    api.bind(HttpMethod.GET, "/products/:sku", anyone, GET_PRODUCT, ctx -> path(ctx, "sku"));
    api.bind(HttpMethod.PUT, "/products/:sku", admin, UPSERT_PRODUCT, ctx -> bodyWithPath(ctx, "sku"));
    api.bind(HttpMethod.GET, "/stock/:sku", admin, GET_STOCK, ctx -> path(ctx, "sku"));
    api.bind(HttpMethod.POST, "/stock/:sku/restock", admin, RESTOCK, ctx -> bodyWithPath(ctx, "sku"));
    api.bind(HttpMethod.POST, "/reservations", admin, RESERVE, HttpApi::body);
    api.bind(HttpMethod.GET, "/reservations/:orderId", admin, GET_RESERVATION, ctx -> path(ctx, "orderId"));
    api.bind(HttpMethod.DELETE, "/reservations/:orderId", admin, RELEASE, ctx -> path(ctx, "orderId"));
    api.bind(HttpMethod.POST, "/reservations/:orderId/commit", admin, COMMIT, ctx -> path(ctx, "orderId"));
    api.bind(HttpMethod.GET, "/inventory/audit", access.requires(Scopes.ADMIN), AUDIT, ctx -> new JsonObject());
  }

  private void bind(HttpMethod method, String path, Handler<RoutingContext> access, String address,
      Function<RoutingContext, JsonObject> input) {
    Operation operation = operations.get(address);
    router.route(method, path).handler(access).handler(ctx -> Future.succeededFuture(ctx)
        .map(input)
        .compose(operation::handle)
        .onSuccess(reply -> ctx.response()
            .setStatusCode(reply.status())
            .putHeader("Content-Type", "application/json")
            .end(reply.body().encode()))
        .onFailure(failure -> fail(ctx, failure)));
  }

  /** The platform's failure handler writes the problem; a header set here stays on the response. */
  private static void fail(RoutingContext ctx, Throwable failure) {
    if (failure instanceof RetryLaterException later) {
      ctx.response().putHeader("Retry-After", String.valueOf(later.retryAfterSeconds()));
    }
    ctx.fail(failure);
  }

  private static JsonObject path(RoutingContext ctx, String param) {
    return new JsonObject().put(param, ctx.pathParam(param));
  }

  /** The body, with the path parameter added; a body naming another value for it is refused. */
  private static JsonObject bodyWithPath(RoutingContext ctx, String param) {
    JsonObject body = body(ctx);
    Object inBody = body.getValue(param);
    String inPath = ctx.pathParam(param);
    if (inBody != null && !inPath.equals(inBody)) {
      throw ProblemException.badRequest("'" + param + "' in the body (" + inBody + ") differs from the path ("
          + inPath + ")");
    }
    return body.put(param, inPath);
  }

  private static JsonObject body(RoutingContext ctx) {
    Buffer buffer = ctx.body().buffer();
    if (buffer == null || buffer.length() == 0) {
      throw ProblemException.badRequest("a JSON object body is required");
    }
    Object parsed;
    try {
      parsed = Json.decodeValue(buffer);
    } catch (DecodeException e) {
      throw new ProblemException(400, "Malformed JSON", "the request body is not valid JSON");
    }
    if (!(parsed instanceof JsonObject object)) {
      throw ProblemException.badRequest("the body must be a JSON object");
    }
    return object;
  }
}
