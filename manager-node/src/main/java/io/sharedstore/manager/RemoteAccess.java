package io.sharedstore.manager;

import com.typesafe.config.Config;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;

/**
 * Who may reach the manager: nobody but this machine (every address it binds is loopback), or
 * only peers with a certificate from the trusted CA (Artery {@code tls-tcp} with mutual
 * authentication). Anything else needs {@code shared-store.allow-insecure-remote = on}.
 */
final class RemoteAccess {

  static final String ALLOW_INSECURE_KEY = "shared-store.allow-insecure-remote";

  private static final String ARTERY = "pekko.remote.artery";
  private static final String CONFIG_SSL_ENGINE =
      "org.apache.pekko.remote.artery.tcp.ConfigSSLEngineProvider";

  private RemoteAccess() {}

  /**
   * Checks the manager's effective config before it binds.
   *
   * @throws InsecureRemoteException if it would listen on a non-loopback address without TLS
   *     with mutual authentication and insecure remote access is not allowed
   */
  static void check(Config config, Logger log) {
    List<String> exposed = nonLoopbackHosts(config);
    if (exposed.isEmpty()) {
      return;
    }
    String transport = config.getString(ARTERY + ".transport");
    if (isMutualTls(config)) {
      log.info("Manager listens on {} with TLS and mutual authentication", exposed);
      return;
    }
    String why =
        !"tls-tcp".equals(transport)
            ? ARTERY + ".transport = " + transport
            : ARTERY + ".ssl.config-ssl-engine.require-mutual-authentication = off";
    if (config.getBoolean(ALLOW_INSECURE_KEY)) {
      log.warn(
          "INSECURE: the manager listens on {}, not a loopback address, without TLS with mutual"
              + " authentication ({}), because {} = on: anyone who can reach this port can read"
              + " and write the store. Use config/tls.conf (docs/security.md).",
          exposed, why, ALLOW_INSECURE_KEY);
      return;
    }
    throw new InsecureRemoteException(
        "refusing to listen on " + exposed + ", not a loopback address, without TLS with mutual"
            + " authentication (" + why + "): anyone who could reach the port could read and write"
            + " the store. Use TLS (config/tls.conf, bin/shared-store"
            + " gen-certs, docs/security.md), bind 127.0.0.1, or set " + ALLOW_INSECURE_KEY
            + " = on to accept the risk.");
  }

  /**
   * Artery over TLS, with the peer's certificate required: require-mutual-authentication for
   * Pekko's config-based provider (and the manager's subclass of it); assumed for any other.
   */
  private static boolean isMutualTls(Config config) {
    if (!"tls-tcp".equals(config.getString(ARTERY + ".transport"))) {
      return false;
    }
    String provider = config.getString(ARTERY + ".ssl.ssl-engine-provider");
    boolean configEngine =
        CONFIG_SSL_ENGINE.equals(provider)
            || RefusalLoggingSSLEngineProvider.class.getName().equals(provider);
    return !configEngine
        || config.getBoolean(ARTERY + ".ssl.config-ssl-engine.require-mutual-authentication");
  }

  /**
   * The hosts Artery announces and binds that are not loopback: the canonical hostname and, if
   * set, the bind hostname. A name that does not resolve counts as not loopback.
   */
  private static List<String> nonLoopbackHosts(Config config) {
    List<String> hosts = new ArrayList<>();
    hosts.add(config.getString(ARTERY + ".canonical.hostname"));
    String bind = config.getString(ARTERY + ".bind.hostname");
    if (!bind.isEmpty() && !hosts.contains(bind)) {
      hosts.add(bind);
    }
    hosts.removeIf(RemoteAccess::isLoopback);
    return hosts;
  }

  private static boolean isLoopback(String host) {
    try {
      InetAddress[] addresses = InetAddress.getAllByName(host);
      for (InetAddress address : addresses) {
        if (!address.isLoopbackAddress()) {
          return false;
        }
      }
      return addresses.length > 0;
    } catch (UnknownHostException e) {
      return false;
    }
  }
}
