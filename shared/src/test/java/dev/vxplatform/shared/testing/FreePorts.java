package dev.vxplatform.shared.testing;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

/** Ports for servers that cannot bind port 0 themselves (Hazelcast members must know each other's ports). */
public final class FreePorts {

  /**
   * Below Linux's ephemeral range (32768-60999): a port from port 0 is an ephemeral one, and between handing it out
   * and the member binding it, any outgoing connection of this JVM (a database pool opening connections, a peer
   * connecting) may take it as its local port. Below 20000 too, where infra/local-cluster.sh and ComposeTopology
   * pick their ports without binding them at once.
   */
  private static final int FIRST = 10_000;
  private static final int LAST = 20_000;
  private static final Set<Integer> HANDED_OUT = ConcurrentHashMap.newKeySet();

  private FreePorts() {
  }

  /** A loopback port that was free just now and that this JVM has not handed out before. */
  public static int take() {
    for (int tries = 0; tries < 200; tries++) {
      int port = ThreadLocalRandom.current().nextInt(FIRST, LAST);
      if (!HANDED_OUT.contains(port) && bindable(port)) {
        HANDED_OUT.add(port);
        return port;
      }
    }
    throw new IllegalStateException("no free port found in " + FIRST + "-" + LAST);
  }

  private static boolean bindable(int port) {
    try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
      socket.setReuseAddress(true);
      return true;
    } catch (IOException inUse) {
      return false;
    }
  }
}
