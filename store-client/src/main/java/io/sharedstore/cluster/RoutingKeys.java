package io.sharedstore.cluster;

import io.sharedstore.store.protocol.Operation;

/**
 * The key whose slot decides which store node a call goes to: the key of a single-key
 * operation, the first key of {@code getAll} and {@code setAll} (the owner of that slot gathers,
 * or refuses keys of other slots), and none (null: any reachable node) for the operations over
 * the whole store ({@code scan}, {@code size}, {@code deleteAll}, {@code info}, {@code stats},
 * {@code ping}) and an empty batch. Pure.
 */
final class RoutingKeys {

  private RoutingKeys() {}

  /**
   * The routing key of {@code operation}, or null for any node.
   *
   * @param key the key the call names in its errors (its glob for a scan)
   */
  static String of(String key, Operation<?> operation) {
    if (operation instanceof Operation.GetAll getAll) {
      return getAll.keys().isEmpty() ? null : getAll.keys().get(0);
    }
    if (operation instanceof Operation.SetAll setAll) {
      return setAll.entries().isEmpty() ? null : setAll.entries().keySet().iterator().next();
    }
    if (operation instanceof Operation.Scan || operation instanceof Operation.Size
        || operation instanceof Operation.DeleteAll || operation instanceof Operation.GetInfo
        || operation instanceof Operation.GetStats || operation instanceof Operation.Echo) {
      return null;
    }
    return key;
  }
}
