package dev.vxplatform.gateway.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vxplatform.shared.testing.FreePorts;
import dev.vxplatform.shared.web.Problems;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
class UiRelayTest {

  @Test
  void aPublicPortThatDoesNotAnswerIsABadGatewayProblem(Vertx vertx, VertxTestContext test) {
    int closed = FreePorts.take();
    Router router = Router.router(vertx);
    router.route().failureHandler(Problems::handleFailure);
    router.route(UiRelay.PREFIX + "*").handler(BodyHandler.create())
        .handler(new UiRelay(vertx.createHttpClient(), "127.0.0.1", () -> closed)::handle);
    vertx.createHttpServer().requestHandler(router).listen(0)
        .compose(server -> WebClient.create(vertx).request(HttpMethod.GET, server.actualPort(), "127.0.0.1",
            "/ui/api/products").send())
        .onComplete(test.succeeding(answer -> test.verify(() -> {
          assertThat(answer.statusCode()).isEqualTo(502);
          assertThat(answer.getHeader("Content-Type")).startsWith("application/problem+json");
          test.completeNow();
        })));
  }
}
