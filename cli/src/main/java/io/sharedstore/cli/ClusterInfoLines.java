package io.sharedstore.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sharedstore.store.protocol.ClusterInfo;

/**
 * How {@code info cluster} prints a {@link ClusterInfo}: a {@code # Cluster} section of {@code
 * name:value} lines (self, slots, durability, unplaced, members), then one {@code member:} line
 * per member ({@code address status reachable|UNREACHABLE roles=... slots=N}); from a single
 * manager the one line {@value #NOT_A_CLUSTER}. Stateless.
 */
final class ClusterInfoLines {

  static final String NOT_A_CLUSTER = "not a store cluster (a single manager)";

  private ClusterInfoLines() {}

  /** The plain text, without a trailing line break. */
  static String plain(ClusterInfo info) {
    if (!info.isCluster()) {
      return NOT_A_CLUSTER;
    }
    String nl = System.lineSeparator();
    StringBuilder text = new StringBuilder("# Cluster").append(nl)
        .append("self:").append(info.self()).append(nl)
        .append("slots:").append(info.slots()).append(nl)
        .append("durability:").append(info.durability()).append(nl)
        .append("unplaced:").append(info.unplaced()).append(nl)
        .append("members:").append(info.members().size());
    for (ClusterInfo.Member member : info.members()) {
      text.append(nl).append("member:").append(member.address())
          .append(' ').append(member.status())
          .append(' ').append(member.reachable() ? "reachable" : "UNREACHABLE")
          .append(" roles=").append(String.join(",", member.roles()))
          .append(" slots=").append(member.slotsServed());
    }
    return text.toString();
  }

  /** The {@code --json} document: {@code {"cluster": {...}}}. */
  static ObjectNode document(ClusterInfo info) {
    ObjectNode document = Output.document();
    ObjectNode cluster = document.putObject("cluster");
    cluster.put("is_cluster", info.isCluster());
    if (!info.isCluster()) {
      return document;
    }
    cluster.put("self", info.self());
    cluster.put("slots", info.slots());
    cluster.put("durability", info.durability());
    cluster.put("unplaced", info.unplaced());
    ArrayNode members = cluster.putArray("members");
    for (ClusterInfo.Member member : info.members()) {
      ObjectNode node = members.addObject();
      node.put("address", member.address());
      node.put("status", member.status());
      node.put("reachable", member.reachable());
      ArrayNode roles = node.putArray("roles");
      member.roles().forEach(roles::add);
      node.put("slots_served", member.slotsServed());
    }
    return document;
  }
}
