package io.sharedstore.manager;

import com.typesafe.config.Config;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.UnknownHostException;

/**
 * Where Artery will bind, tried before Pekko starts: a port in use or a host that is unknown or
 * not of this machine then stops the start with one sentence, where Artery would fail inside the
 * ActorSystem's start with an error logged at length. The address is bound and released at once;
 * a port taken in between still fails Artery's own bind, which the manager reports as well.
 */
final class ListenAddress {

  private static final String ARTERY = "pekko.remote.artery";

  private ListenAddress() {}

  /**
   * Checks the bind address of the manager's effective config: {@code
   * pekko.remote.artery.bind.hostname} and {@code .port}, which default to the canonical ones
   * (set from {@code shared-store.manager.host} and {@code port}).
   *
   * @throws CannotListenException if that address cannot be bound now
   */
  static void check(Config config) {
    String host = orCanonical(config, "hostname");
    int port = Integer.parseInt(orCanonical(config, "port"));
    String where = "[" + host + ":" + port + "]";
    InetAddress address;
    try {
      address = InetAddress.getByName(host);
    } catch (UnknownHostException e) {
      throw new CannotListenException(
          "cannot listen on " + where + ": unknown host (shared-store.manager.host)", e);
    }
    try (ServerSocket socket = new ServerSocket()) {
      socket.bind(new InetSocketAddress(address, port));
    } catch (IOException e) {
      throw new CannotListenException("cannot listen on " + where + ": " + e.getMessage(), e);
    }
  }

  private static String orCanonical(Config config, String key) {
    String bind = config.getString(ARTERY + ".bind." + key);
    return bind.isEmpty() ? config.getString(ARTERY + ".canonical." + key) : bind;
  }
}
