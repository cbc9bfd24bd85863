package ${package}.greeting;

import dev.vxplatform.shared.security.Access;
import dev.vxplatform.shared.web.ProblemException;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * The example resource; replace it with the service's own, keeping the shape: parse and validate the input
 * into a value (a {@link ProblemException} on bad input, before anything is stored), act through the store, answer
 * JSON. Failures go to the platform router's failure handler, which answers problem+json with the exception's
 * status.
 *
 * <pre>
 * POST {base}/greetings {"name", "salutation"?}  200 {"greeting": "Hi, Ada!", "name": "Ada", "salutation": "Hi",
 *                                                "node": ...}, stored (replacing the name's earlier greeting)
 * GET  {base}/greetings/{name}                   200 the stored greeting; 404 problem+json when there is none
 * either: 400 problem+json on bad input, 503 problem+json with Retry-After while the database is unavailable,
 *         401 problem+json without a valid bearer token, 403 without the route's scope
 * </pre>
 */
public final class GreetingApi {

  /** The scopes of this service's routes: name your own {@code <resource>:read} and {@code <resource>:write}. */
  public static final String READ_SCOPE = "greetings:read";
  public static final String WRITE_SCOPE = "greetings:write";

  private final String defaultSalutation;
  private final GreetingStore store;
  private final String nodeId;

  private GreetingApi(String defaultSalutation, GreetingStore store, String nodeId) {
    this.defaultSalutation = defaultSalutation;
    this.store = store;
    this.nodeId = nodeId;
  }

  /**
   * @param basePath          where the service's resources live ({@code /${routeSegment}})
   * @param defaultSalutation the configured greeting word, stored when a request names none
   * @param nodeId            this node's id, echoed in answers so a caller sees which instance answered
   */
  public static void mount(Router router, Access access, String basePath, String defaultSalutation,
      GreetingStore store, String nodeId) {
    GreetingApi api = new GreetingApi(defaultSalutation, store, nodeId);
    router.get(basePath + "/greetings/:name").handler(access.requires(READ_SCOPE)).handler(api::get);
    router.post(basePath + "/greetings").handler(access.requires(WRITE_SCOPE)).handler(api::post);
  }

  private void get(RoutingContext ctx) {
    String name = Greeting.validName(ctx.pathParam("name"));
    reply(ctx, store.get(name).compose(found -> found != null ? Future.succeededFuture(found)
        : Future.failedFuture(ProblemException.notFound("no greeting is stored for '" + name + "'"))));
  }

  private void post(RoutingContext ctx) {
    reply(ctx, store.put(Greeting.fromJson(jsonObjectBody(ctx), defaultSalutation)));
  }

  private void reply(RoutingContext ctx, Future<Greeting> greeting) {
    greeting
        .onSuccess(done -> ctx.response()
            .putHeader("Content-Type", "application/json")
            .end(done.toJson().put("node", nodeId).encode()))
        .onFailure(failure -> {
          if (failure instanceof StoreUnavailableException) {
            ctx.response().putHeader("Retry-After", String.valueOf(StoreUnavailableException.RETRY_AFTER_SECONDS));
          }
          ctx.fail(failure);
        });
  }

  /** The body as a JSON object: missing, malformed or another JSON type is a 400. */
  static JsonObject jsonObjectBody(RoutingContext ctx) {
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
