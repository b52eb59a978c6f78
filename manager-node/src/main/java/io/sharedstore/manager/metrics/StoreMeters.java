package io.sharedstore.manager.metrics;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.BaseUnits;
import io.sharedstore.store.internal.Refusal;
import io.sharedstore.store.protocol.ManagerInfo;
import java.util.function.ToDoubleFunction;

/**
 * The store's figures as meters over an {@link InfoSnapshot}: keys, keys with a TTL, memory,
 * clients and watches as gauges, expired keys and refusals (one counter per refusal code, all
 * present from the start at 0) as counters, and, for a durable store, the bytes of its logs.
 */
final class StoreMeters {

  private StoreMeters() {}

  /**
   * Registers the meters.
   *
   * @param registry where they go
   * @param snapshot what they read
   * @param durable whether the store has logs, whose size is then a gauge
   */
  static void bind(MeterRegistry registry, InfoSnapshot snapshot, boolean durable) {
    gauge(registry, "shared.store.keys", "Keys stored (expired ones not yet freed included)",
        snapshot, info -> info.keyspace().keys(), null);
    gauge(registry, "shared.store.keys.with.ttl", "Keys stored that have a TTL",
        snapshot, info -> info.keyspace().keysWithTtl(), null);
    gauge(registry, "shared.store.memory", "Estimated heap bytes of the entries, as max-memory"
        + " counts them", snapshot, info -> info.memory().usedMemory(), BaseUnits.BYTES);
    gauge(registry, "shared.store.clients", "Clients present (heartbeating, not left)",
        snapshot, info -> info.clients().connected(), null);
    gauge(registry, "shared.store.watches", "Watches registered",
        snapshot, info -> info.stats().watches(), null);
    FunctionCounter.builder("shared.store.expired.keys", snapshot,
            s -> s.current().stats().expiredKeys())
        .description("Entries freed because their TTL passed")
        .register(registry);
    for (Refusal refusal : Refusal.values()) {
      String code = refusal.code();
      FunctionCounter.builder("shared.store.refused", snapshot,
              s -> s.current().stats().refusedByReason().getOrDefault(code, 0L))
          .description("Operations the store refused, by refusal code")
          .tag("reason", code)
          .register(registry);
    }
    if (durable) {
      gauge(registry, "shared.store.log", "Bytes of the store's current logs", snapshot,
          info -> info.server().persistence().map(p -> p.logBytes()).orElse(0L),
          BaseUnits.BYTES);
    }
  }

  private static void gauge(MeterRegistry registry, String name, String description,
      InfoSnapshot snapshot, ToDoubleFunction<ManagerInfo> figure, String baseUnit) {
    Gauge.Builder<InfoSnapshot> builder =
        Gauge.builder(name, snapshot, s -> figure.applyAsDouble(s.current()))
            .description(description);
    if (baseUnit != null) {
      builder.baseUnit(baseUnit);
    }
    builder.register(registry);
  }
}
