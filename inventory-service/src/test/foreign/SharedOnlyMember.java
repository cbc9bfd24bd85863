import dev.vxplatform.shared.cluster.ClusterBootstrap;
import dev.vxplatform.shared.cluster.ClusterConfig;
import java.util.List;

/**
 * A data member that has the platform's shared module but not the inventory-service on its classpath, like an
 * order-service JVM. Run in source-file mode by MixedMembershipIT: {@code java -cp <shared + deps>
 * SharedOnlyMember.java <clusterName> <port> <member,member,...>}. Exits when its stdin closes (the test ended).
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
    ClusterBootstrap.start(config)
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
