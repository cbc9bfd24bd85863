package dev.vxplatform.shared.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;

/** Ports for servers that cannot bind port 0 themselves (Hazelcast members must know each other's ports). */
public final class FreePorts {

  private FreePorts() {
  }

  /** A port the OS just handed out for port 0 on loopback, released again for the caller to bind. */
  public static int take() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      socket.setReuseAddress(true);
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
