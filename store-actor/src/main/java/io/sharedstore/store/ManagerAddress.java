package io.sharedstore.store;

import java.util.Objects;

/**
 * Where a manager listens ({@code host:port}) and how a client names its store there: by path,
 * without the actor's {@code #uid}, so that a restarted manager is reached again.
 */
public record ManagerAddress(String host, int port) {

  /** The ActorSystem name of every manager. */
  public static final String SYSTEM_NAME = "shared-store";

  /** The name of the store actor under the user guardian: {@code /user/store}. */
  public static final String STORE_NAME = "store";

  /** The name of the store's heartbeat child: {@code /user/store/heartbeat}. */
  public static final String HEARTBEAT_NAME = "heartbeat";

  public ManagerAddress {
    Objects.requireNonNull(host, "host");
    if (host.isBlank()) {
      throw new IllegalArgumentException("manager host must not be blank");
    }
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException("manager port must be in 1..65535, was " + port);
    }
  }

  /** Parses {@code host:port}; IPv6 hosts are written in brackets: {@code [::1]:17355}. */
  public static ManagerAddress parse(String address) {
    Objects.requireNonNull(address, "managerAddress");
    int colon = address.lastIndexOf(':');
    if (colon <= 0 || colon == address.length() - 1) {
      throw new IllegalArgumentException(
          "managerAddress must be HOST:PORT, e.g. 127.0.0.1:17355, was [" + address + "]");
    }
    String host = address.substring(0, colon);
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    int port;
    try {
      port = Integer.parseInt(address.substring(colon + 1));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "managerAddress must end in a numeric port, was [" + address + "]", e);
    }
    return new ManagerAddress(host, port);
  }

  /** The store's actor path on this manager, without a uid. */
  public String storePath() {
    String h = host.contains(":") ? "[" + host + "]" : host;
    return "pekko://" + SYSTEM_NAME + "@" + h + ":" + port + "/user/" + STORE_NAME;
  }

  /** The path of the store's heartbeat child on this manager, without a uid. */
  public String heartbeatPath() {
    return storePath() + "/" + HEARTBEAT_NAME;
  }

  @Override
  public String toString() {
    return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
  }
}
