package io.sharedstore.store;

import java.util.Objects;

/**
 * Where a manager listens ({@code host:port}) and how a client names its store there: by path,
 * without the actor's {@code #uid}, so that a restarted manager is reached again.
 *
 * @param host the host name or IP address (an IPv6 address without brackets)
 * @param port the TCP port, 1..65535
 */
public record ManagerAddress(String host, int port) {

  /** The ActorSystem name of every manager. */
  public static final String SYSTEM_NAME = "shared-store";

  /** The name of the store actor under the user guardian: {@code /user/store}. */
  public static final String STORE_NAME = "store";

  /** The name of the store's heartbeat child: {@code /user/store/heartbeat}. */
  public static final String HEARTBEAT_NAME = "heartbeat";

  /**
   * Checks the address.
   *
   * @param host the host name or IP address, not blank
   * @param port the TCP port, 1..65535
   * @throws NullPointerException if {@code host} is null
   * @throws IllegalArgumentException if {@code host} is blank or {@code port} out of range
   */
  public ManagerAddress {
    Objects.requireNonNull(host, "host");
    if (host.isBlank()) {
      throw new IllegalArgumentException("manager host must not be blank");
    }
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException("manager port must be in 1..65535, was " + port);
    }
  }

  /**
   * Parses {@code host:port}; IPv6 hosts are written in brackets: {@code [::1]:17355}.
   *
   * @param address the text to parse
   * @return the address
   * @throws NullPointerException if {@code address} is null
   * @throws IllegalArgumentException if it is not {@code HOST:PORT} with a valid port
   */
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

  /**
   * The store's actor path on this manager, without a uid.
   *
   * @return e.g. {@code pekko://shared-store@127.0.0.1:17355/user/store}
   */
  public String storePath() {
    String h = host.contains(":") ? "[" + host + "]" : host;
    return "pekko://" + SYSTEM_NAME + "@" + h + ":" + port + "/user/" + STORE_NAME;
  }

  /**
   * The path of the store's heartbeat child on this manager, without a uid.
   *
   * @return the {@link #storePath()} followed by {@code /heartbeat}
   */
  public String heartbeatPath() {
    return storePath() + "/" + HEARTBEAT_NAME;
  }

  /**
   * The address as {@link #parse} reads it.
   *
   * @return {@code host:port}, an IPv6 host in brackets
   */
  @Override
  public String toString() {
    return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
  }
}
