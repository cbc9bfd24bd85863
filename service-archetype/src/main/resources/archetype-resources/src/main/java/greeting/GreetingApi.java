package ${package}.greeting;

import dev.vxplatform.shared.web.ProblemException;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * The example resource; replace it with the service's own, keeping the shape: parse and validate the input
 * into a value (a {@link ProblemException} on bad input), act, answer JSON. Anything a handler throws goes to
 * the platform router's failure handler, which answers problem+json with the exception's status.
 *
 * <pre>
 * GET  {base}/greetings/{name}                   200 {"greeting": "Hello, Ada!", "name": "Ada", "node": ...}
 * POST {base}/greetings {"name", "salutation"?}  200 the same; 400 problem+json on bad input
 * </pre>
 */
public final class GreetingApi {

  private final String defaultSalutation;
  private final String nodeId;

  private GreetingApi(String defaultSalutation, String nodeId) {
    this.defaultSalutation = defaultSalutation;
    this.nodeId = nodeId;
  }

  /**
   * @param basePath          where the service's resources live ({@code /${routeSegment}})
   * @param defaultSalutation the configured greeting word
   * @param nodeId            this node's id, echoed in answers so a caller sees which instance answered
   */
  public static void mount(Router router, String basePath, String defaultSalutation, String nodeId) {
    GreetingApi api = new GreetingApi(defaultSalutation, nodeId);
    router.get(basePath + "/greetings/:name").handler(api::get);
    router.post(basePath + "/greetings").handler(api::post);
  }

  private void get(RoutingContext ctx) {
    reply(ctx, Greeting.of(defaultSalutation, ctx.pathParam("name")));
  }

  private void post(RoutingContext ctx) {
    reply(ctx, Greeting.fromJson(jsonObjectBody(ctx), defaultSalutation));
  }

  private void reply(RoutingContext ctx, Greeting greeting) {
    ctx.response()
        .putHeader("Content-Type", "application/json")
        .end(greeting.toJson().put("node", nodeId).encode());
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
