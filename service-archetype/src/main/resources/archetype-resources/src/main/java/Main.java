package ${package};

import dev.vxplatform.shared.cluster.ClusterConfig;
import dev.vxplatform.shared.cluster.ServiceLauncher;
import dev.vxplatform.shared.db.Database;
import java.util.Map;

/** Joins the cluster and deploys the ${serviceName}. Configuration: environment variables (see the README). */
public final class Main {

  private Main() {
  }

  public static void main(String[] args) {
    Map<String, String> env = System.getenv();
    ${classPrefix}Config config = ${classPrefix}Config.fromEnv(env);
    // No static map configuration: the verticle configures its map cluster-wide (GreetingStore.open), because the
    // map's partitions also live on data members that never run this Main. Without DATABASE_URL the service does
    // not start; with it, the database is reachable from this member's map stores, whichever maps' partitions it
    // owns.
    Database database = Database.required(env, ${classPrefix}Config.SERVICE_NAME);
    ServiceLauncher.launch(${classPrefix}Config.SERVICE_NAME, ClusterConfig.fromEnv(env), database.attach(),
        () -> new ${classPrefix}Verticle(config));
  }
}
