package dev.vxplatform.order.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vxplatform.shared.contract.ReconcilerContract;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
class LeadershipListenerTest {

  @Test
  void announcesEachStartAndStopOnTheEventBusAfterTheFirstListener(Vertx vertx, VertxTestContext test) {
    List<String> heard = new ArrayList<>();
    List<String> first = new ArrayList<>();
    vertx.eventBus().<JsonObject>consumer(ReconcilerContract.EVENTS, message -> {
      JsonObject event = message.body();
      heard.add(event.getString("event") + " " + event.getString("node") + " " + event.getLong("token"));
      if (heard.size() == 2) {
        test.verify(() -> {
          assertThat(heard).containsExactly("acquired n1 7", "lost n1 7");
          assertThat(first).containsExactly("acquired", "lost");
        });
        test.completeNow();
      }
    });
    LeadershipListener listener = new LeadershipListener() {
      @Override
      public void acquired(String nodeId, long token, long atNanos) {
        first.add("acquired");
      }

      @Override
      public void lost(String nodeId, long token, long atNanos) {
        first.add("lost");
      }
    }.and(LeadershipListener.announcing(vertx.eventBus()));

    listener.acquired("n1", 7, 0);
    listener.lost("n1", 7, 0);
  }
}
