package io.sharedstore.manager.metrics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.sharedstore.store.protocol.ClusterInfo;
import io.sharedstore.store.protocol.Command;
import io.sharedstore.store.protocol.GetClusterInfo;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.pekko.actor.Cancellable;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A store node's cluster as gauges, from its store actor's last {@link ClusterInfo} answer:
 * {@code shared.store.cluster.members} (tag {@code status}, one gauge per status, 0 when no
 * member has it), {@code shared.store.cluster.unreachable.members}, {@code
 * shared.store.cluster.slots.served} (the slots this node serves) and {@code
 * shared.store.cluster.slots.unplaced}. Registered only on a store node (the first answer
 * {@link ClusterInfo#isCluster()}); a single manager has none.
 *
 * <p>State: the latest answer, replaced by each periodic ask ({@link #REFRESH}); a failed ask
 * keeps the one before.
 */
final class ClusterMeters {

  /** How often the store node is asked. */
  static final Duration REFRESH = Duration.ofSeconds(5);

  private static final Logger log = LoggerFactory.getLogger(ClusterMeters.class);

  private final AtomicReference<ClusterInfo> latest;

  private ClusterMeters(ClusterInfo first) {
    this.latest = new AtomicReference<>(first);
  }

  /**
   * Registers the gauges in {@code registry} if {@code first} is a store cluster's answer.
   *
   * @return the meters, to {@link #update}; empty for a single manager's answer
   */
  static Optional<ClusterMeters> bindIfCluster(MeterRegistry registry, ClusterInfo first) {
    if (!first.isCluster()) {
      return Optional.empty();
    }
    ClusterMeters meters = new ClusterMeters(first);
    for (String status : ClusterInfo.MEMBER_STATUSES) {
      Gauge.builder("shared.store.cluster.members", meters, m -> members(m.latest.get(), status))
          .description("Members of the store cluster with this status, as this node sees them")
          .tag("status", status)
          .register(registry);
    }
    Gauge.builder("shared.store.cluster.unreachable.members", meters,
            m -> unreachable(m.latest.get()))
        .description("Members of the store cluster this node finds unreachable")
        .register(registry);
    Gauge.builder("shared.store.cluster.slots.served", meters, m -> slotsServed(m.latest.get()))
        .description("Slots this store node serves")
        .register(registry);
    Gauge.builder("shared.store.cluster.slots.unplaced", meters,
            m -> m.latest.get().unplaced())
        .description("Slots no store node serves now")
        .register(registry);
    return Optional.of(meters);
  }

  /** Takes a newer answer. */
  void update(ClusterInfo info) {
    latest.set(info);
  }

  /**
   * Asks {@code store} once; on a store cluster's answer registers the gauges and asks again
   * every {@link #REFRESH}. Returns what cancels the asking (nothing to cancel otherwise).
   */
  static AtomicReference<Optional<Cancellable>> start(ActorSystem<?> system,
      ActorRef<Command> store, MeterRegistry registry, Duration timeout) {
    AtomicReference<Optional<Cancellable>> refresh = new AtomicReference<>(Optional.empty());
    ask(system, store, timeout).whenComplete((info, error) -> {
      if (error != null) {
        log.warn("The store did not answer GetClusterInfo: no cluster gauges", error);
        return;
      }
      bindIfCluster(registry, info).ifPresent(meters ->
          refresh.set(Optional.of(system.scheduler().scheduleWithFixedDelay(REFRESH, REFRESH,
              () -> ask(system, store, timeout).thenAccept(meters::update),
              system.executionContext()))));
    });
    return refresh;
  }

  private static java.util.concurrent.CompletionStage<ClusterInfo> ask(ActorSystem<?> system,
      ActorRef<Command> store, Duration timeout) {
    return AskPattern.ask(store, GetClusterInfo::new, timeout, system.scheduler());
  }

  static double members(ClusterInfo info, String status) {
    return info.members().stream().filter(m -> m.status().equals(status)).count();
  }

  static double unreachable(ClusterInfo info) {
    return info.members().stream().filter(m -> !m.reachable()).count();
  }

  /** This node's own count: the member whose address is {@code self} (0 if it is not listed). */
  static double slotsServed(ClusterInfo info) {
    return info.members().stream().filter(m -> m.address().equals(info.self()))
        .mapToInt(ClusterInfo.Member::slotsServed).findFirst().orElse(0);
  }
}
