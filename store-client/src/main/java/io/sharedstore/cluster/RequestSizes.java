package io.sharedstore.cluster;

import io.sharedstore.store.StoreActor;

/** About how many bytes a request takes in a batch: its key and the values it carries. */
final class RequestSizes {

  private static final int OVERHEAD = 48;

  private RequestSizes() {}

  static long estimate(StoreActor.Command request) {
    if (request instanceof StoreActor.Set set) {
      return keyBytes(set.key()) + set.value().length;
    }
    if (request instanceof StoreActor.SetIfAbsent set) {
      return keyBytes(set.key()) + set.value().length;
    }
    if (request instanceof StoreActor.GetAndSet set) {
      return keyBytes(set.key()) + set.value().length;
    }
    if (request instanceof StoreActor.CompareAndSet cas) {
      return keyBytes(cas.key()) + cas.value().length + cas.expected().map(b -> b.length).orElse(0);
    }
    if (request instanceof StoreActor.DeleteIfEquals delete) {
      return keyBytes(delete.key()) + delete.expected().length;
    }
    if (request instanceof StoreActor.SetAll setAll) {
      return OVERHEAD + setAll.entries().entrySet().stream()
          .mapToLong(e -> keyBytes(e.getKey()) + e.getValue().length)
          .sum();
    }
    if (request instanceof StoreActor.GetAll getAll) {
      return OVERHEAD + getAll.keys().stream().mapToLong(RequestSizes::keyBytes).sum();
    }
    return OVERHEAD + 1024;
  }

  private static long keyBytes(String key) {
    return OVERHEAD + 3L * key.length();
  }
}
