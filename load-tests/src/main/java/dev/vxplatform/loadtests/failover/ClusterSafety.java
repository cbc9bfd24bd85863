package dev.vxplatform.loadtests.failover;

import com.sun.tools.attach.VirtualMachine;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Asks a member whether Hazelcast's cluster is safe — no migration running and every backup replica in sync — the
 * state in which one more member may fail without losing data. Nothing on the platform's HTTP surface says so, so
 * the check starts the nodes with {@code -Dhazelcast.jmx=true} and reads {@code isClusterSafe} of the member's
 * {@code PartitionServiceMBean} over a local JMX connection (Attach API, by pid: no port, loopback only).
 */
final class ClusterSafety implements AutoCloseable {

  /** Put into every node's environment: {@code JAVA_TOOL_OPTIONS} keeps local-cluster.sh's {@code JAVA_OPTS}. */
  static final String JVM_FLAG = "-Dhazelcast.jmx=true";
  private static final Logger LOG = LoggerFactory.getLogger(ClusterSafety.class);
  private static final String MBEAN_TYPE = "HazelcastInstance.PartitionServiceMBean";

  private final Map<Long, JMXConnector> connectors = new HashMap<>();

  /** The member's answer, or empty when it could not be asked (not started, not a member yet, gone). */
  Optional<Boolean> clusterSafe(long pid) {
    try {
      MBeanServerConnection server = connector(pid).getMBeanServerConnection();
      for (ObjectName name : server.queryNames(new ObjectName("com.hazelcast:*"), null)) {
        if (MBEAN_TYPE.equals(name.getKeyProperty("type"))) {
          return Optional.of((Boolean) server.getAttribute(name, "isClusterSafe"));
        }
      }
      return Optional.empty();
    } catch (Exception e) {
      LOG.debug("Cluster safety of pid {} unknown: {}", pid, e.toString());
      forget(pid);
      return Optional.empty();
    }
  }

  private JMXConnector connector(long pid) throws Exception {
    JMXConnector connector = connectors.get(pid);
    if (connector == null) {
      VirtualMachine vm = VirtualMachine.attach(String.valueOf(pid));
      try {
        // no background connection check: it only logs when a node this check killed is gone
        connector = JMXConnectorFactory.connect(new JMXServiceURL(vm.startLocalManagementAgent()),
            Map.of("jmx.remote.x.client.connection.check.period", 0L));
      } finally {
        vm.detach();
      }
      connectors.put(pid, connector);
    }
    return connector;
  }

  private void forget(long pid) {
    JMXConnector connector = connectors.remove(pid);
    if (connector != null) {
      try {
        connector.close();
      } catch (IOException e) {
        // the JVM is gone
      }
    }
  }

  @Override
  public void close() {
    connectors.keySet().stream().toList().forEach(this::forget);
  }
}
