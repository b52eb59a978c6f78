package io.sharedstore.cluster;

import io.sharedstore.store.ManagerAddress;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The store node addresses a client is given: one {@code host:port} (a single manager, or one
 * node of a cluster) or several separated by commas, {@code "H1:P1,H2:P2,H3:P3"}. Spaces around
 * an entry are ignored; an empty entry or a duplicate is refused. Pure.
 */
final class StoreNodes {

  private StoreNodes() {}

  /**
   * Parses a comma-separated list of {@code host:port}.
   *
   * @throws NullPointerException if {@code list} is null
   * @throws IllegalArgumentException naming the bad entry (and its position) if one is empty,
   *     not {@code host:port} with a port in 1..65535, or listed twice
   */
  static List<ManagerAddress> parse(String list) {
    Objects.requireNonNull(list, "managerAddress");
    return parse(List.of(list.split(",", -1)), "[" + list + "]");
  }

  /**
   * Parses entries that are each one {@code host:port} (the list form of the configuration).
   *
   * @param shown how the whole list is named in errors
   */
  static List<ManagerAddress> parse(List<String> entries, String shown) {
    if (entries.isEmpty()) {
      throw new IllegalArgumentException("store node addresses must not be empty, was " + shown);
    }
    List<ManagerAddress> addresses = new ArrayList<>();
    Set<String> seen = new LinkedHashSet<>();
    for (int i = 0; i < entries.size(); i++) {
      String entry = entries.get(i).trim();
      String where = "store node address " + (i + 1) + " of " + shown;
      if (entry.isEmpty()) {
        throw new IllegalArgumentException(where + " is empty: write HOST:PORT,HOST:PORT");
      }
      ManagerAddress address;
      try {
        address = ManagerAddress.parse(entry);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            where + ", [" + entry + "], is not HOST:PORT: " + e.getMessage(), e);
      }
      if (!seen.add(address.toString())) {
        throw new IllegalArgumentException(where + ", [" + entry + "], is listed twice");
      }
      addresses.add(address);
    }
    return List.copyOf(addresses);
  }
}
