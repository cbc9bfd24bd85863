package dev.vxplatform.shared.cluster;

import com.hazelcast.config.Config;
import io.vertx.core.Deployable;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** What every service's {@code Main} does: join the cluster, deploy the verticle, close gracefully on SIGTERM. */
public final class ServiceLauncher {

  private static final Logger LOG = LoggerFactory.getLogger(ServiceLauncher.class);

  private ServiceLauncher() {
  }

  /** Exits the JVM with status 1 when joining or deploying fails, so launchers see the failure. */
  public static void launch(String service, ClusterConfig cluster, Consumer<Config> hazelcast,
      Supplier<? extends Deployable> verticle) {
    long started = System.nanoTime();
    ClusterBootstrap.start(cluster, hazelcast)
        .compose(vertx -> {
          ClusterBootstrap.closeOnShutdown(vertx);
          return vertx.deployVerticle(verticle.get()).map(vertx);
        })
        .onSuccess(vertx -> LOG.info("{} ready in {} ms", service, (System.nanoTime() - started) / 1_000_000))
        .onFailure(err -> {
          LOG.error("{} failed to start: {}", service, err.toString(), err);
          System.exit(1);
        });
  }
}
