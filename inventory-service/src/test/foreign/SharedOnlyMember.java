import dev.vxplatform.shared.cluster.ClusterBootstrap;
import dev.vxplatform.shared.cluster.ClusterConfig;
import dev.vxplatform.shared.db.Database;
import dev.vxplatform.shared.db.DatabaseConfig;
import java.util.List;

/**
 * A data member that has the platform's shared module but not the inventory-service on its classpath, like an
 * order-service JVM. Run in source-file mode by MixedMembershipIT: {@code java -cp <shared + deps>
 * SharedOnlyMember.java <clusterName> <port> <member,member,...> <database JDBC URL>}: like every data member it
 * reaches the database, since the map stores of the partitions it owns run here. Exits when its stdin closes.
 */
public class SharedOnlyMember {

  public static void main(String[] args) throws Exception {
    try {
      Class.forName("dev.vxplatform.inventory.InventoryVerticle");
      System.out.println("INVENTORY CLASSES PRESENT");
    } catch (ClassNotFoundException expected) {
      System.out.println("NO INVENTORY CLASSES");
    }
    ClusterConfig config = ClusterConfig.loopback(args[0], Integer.parseInt(args[1]), List.of(args[2].split(",")));
    Database database = Database.open(new DatabaseConfig(args[3], DatabaseConfig.DEFAULT_USER, "", 2,
        DatabaseConfig.DEFAULT_TIMEOUT_MILLIS));
    ClusterBootstrap.start(config, database.attach())
        .onSuccess(vertx -> System.out.println("JOINED"))
        .onFailure(failure -> {
          failure.printStackTrace();
          System.exit(1);
        });
    while (System.in.read() >= 0) {
      // wait for the parent to close our stdin
    }
    System.exit(0);
  }
}
