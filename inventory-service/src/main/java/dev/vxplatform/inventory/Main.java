package dev.vxplatform.inventory;

import dev.vxplatform.shared.cluster.ClusterConfig;
import dev.vxplatform.shared.cluster.ServiceLauncher;
import dev.vxplatform.shared.db.Database;
import java.util.Map;

/** Joins the cluster and deploys the inventory-service. Configuration: environment variables (see the module README). */
public final class Main {

  private Main() {
  }

  public static void main(String[] args) {
    Map<String, String> env = System.getenv();
    InventoryConfig config = InventoryConfig.fromEnv(env);
    // No static map config here: the verticle configures the stock maps cluster-wide (see StockMaps), because
    // their partitions also live on members that never run this Main. The database is reachable from this member's
    // map stores, whichever maps' partitions it owns.
    Database database = Database.required(env, InventoryConfig.SERVICE_NAME);
    ServiceLauncher.launch(InventoryConfig.SERVICE_NAME, ClusterConfig.fromEnv(env), database.attach(),
        () -> new InventoryVerticle(config));
  }
}
