package io.sharedstore.manager;

import java.util.ArrayList;
import java.util.List;

/**
 * The {@code host:port} of a store node that a new member contacts to join the cluster (a seed
 * node of Pekko Cluster), as {@code --seed-nodes} and {@code shared-store.cluster.seed-nodes}
 * give it.
 *
 * @param host the node's host name or address, without spaces
 * @param port its Artery port, 1..65535
 */
record SeedNode(String host, int port) {

  SeedNode {
    if (host.isEmpty() || host.chars().anyMatch(Character::isWhitespace) || host.contains("/")
        || host.contains("@")) {
      throw new IllegalArgumentException("bad seed node host [" + host + "]");
    }
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException("seed node port must be in 1..65535, was " + port);
    }
  }

  /**
   * Reads one {@code host:port}.
   *
   * @throws IllegalArgumentException if it is not a host, a colon and a port in 1..65535
   */
  static SeedNode parse(String hostPort) {
    String text = hostPort.trim();
    int colon = text.lastIndexOf(':');
    if (colon <= 0 || colon == text.length() - 1) {
      throw new IllegalArgumentException("seed node [" + hostPort + "] is not HOST:PORT");
    }
    int port;
    try {
      port = Integer.parseInt(text.substring(colon + 1));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "seed node [" + hostPort + "] is not HOST:PORT (the port is not a number)", e);
    }
    try {
      return new SeedNode(text.substring(0, colon), port);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("seed node [" + hostPort + "]: " + e.getMessage(), e);
    }
  }

  /**
   * Reads a comma-separated list of {@code host:port}, at least one.
   *
   * @throws IllegalArgumentException if the list is empty or one entry is malformed
   */
  static List<SeedNode> parseList(String commaSeparated) {
    if (commaSeparated.isBlank()) {
      throw new IllegalArgumentException("no seed node given");
    }
    List<SeedNode> nodes = new ArrayList<>();
    for (String hostPort : commaSeparated.split(",", -1)) {
      nodes.add(parse(hostPort));
    }
    return List.copyOf(nodes);
  }

  /** The Pekko address of the manager on this node: {@code pekko://SYSTEM@host:port}. */
  String pekkoAddress(String systemName) {
    return "pekko://" + systemName + "@" + host + ":" + port;
  }

  @Override
  public String toString() {
    return host + ":" + port;
  }
}
