package dev.vxplatform.order;

import dev.vxplatform.shared.cluster.ClusterConfig;
import dev.vxplatform.shared.cluster.ServiceLauncher;
import dev.vxplatform.shared.db.Database;
import java.util.Map;

/** Joins the cluster and deploys the order-service. Configuration: environment variables (see the module README). */
public final class Main {

  private Main() {
  }

  public static void main(String[] args) {
    Map<String, String> env = System.getenv();
    OrderConfig config = OrderConfig.fromEnv(env);
    // No static map config: the verticle configures its maps cluster-wide (see OrderMaps). The database is reachable
    // from this member's map stores, whichever maps' partitions it owns.
    Database database = Database.required(env, OrderConfig.SERVICE_NAME);
    ServiceLauncher.launch(OrderConfig.SERVICE_NAME, ClusterConfig.fromEnv(env), database.attach(),
        () -> new OrderVerticle(config));
  }
}
