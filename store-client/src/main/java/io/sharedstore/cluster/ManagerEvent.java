package io.sharedstore.cluster;

import java.time.Instant;
import java.util.Objects;

/**
 * A change in a client's view of its manager, told to the listeners of {@link
 * ClusterClient#addListener}: enough for a bot to show a "degraded" status and to re-seed data
 * after a restart. Sealed: a {@code switch} over {@link Unreachable}, {@link Reachable} and
 * {@link Restarted} is exhaustive. Events are told on the client's dispatcher, in the order they
 * happened.
 */
public sealed interface ManagerEvent {

  /**
   * The manager this event is about.
   *
   * @return its {@code host:port}, as given to {@link ClusterClient#connect}
   */
  String managerAddress();

  /**
   * The manager stopped answering heartbeats, or said it is shutting down: from {@code since}
   * every call fails at once with {@link StoreUnavailableException}.
   *
   * @param managerAddress the manager's {@code host:port}
   * @param since when the client found it unreachable
   * @param reason why, e.g. {@code no answer to heartbeats for 1500 ms}
   */
  record Unreachable(String managerAddress, Instant since, String reason) implements ManagerEvent {
    /**
     * Checks that no component is null.
     *
     * @param managerAddress the manager's {@code host:port}
     * @param since when the client found it unreachable
     * @param reason why
     * @throws NullPointerException if a component is null
     */
    public Unreachable {
      Objects.requireNonNull(managerAddress, "managerAddress");
      Objects.requireNonNull(since, "since");
      Objects.requireNonNull(reason, "reason");
    }
  }

  /**
   * The manager answers: on the client's first answer, and again after {@link Unreachable}.
   * Calls are sent again from now on.
   *
   * @param managerAddress the manager's {@code host:port}
   */
  record Reachable(String managerAddress) implements ManagerEvent {
    /**
     * Checks that the address is not null.
     *
     * @param managerAddress the manager's {@code host:port}
     * @throws NullPointerException if {@code managerAddress} is null
     */
    public Reachable {
      Objects.requireNonNull(managerAddress, "managerAddress");
    }
  }

  /**
   * The manager answering now is not the one that answered before: its store started anew, with
   * no data (every key written before is gone). Told before the {@link Reachable} that follows
   * an outage; a restart faster than the heartbeat timeout brings this event alone.
   *
   * @param managerAddress the manager's {@code host:port}
   * @param previousEpoch the id of the store that answered before
   * @param newEpoch the id of the store answering now
   */
  record Restarted(String managerAddress, String previousEpoch, String newEpoch)
      implements ManagerEvent {
    /**
     * Checks that no component is null.
     *
     * @param managerAddress the manager's {@code host:port}
     * @param previousEpoch the id of the store that answered before
     * @param newEpoch the id of the store answering now
     * @throws NullPointerException if a component is null
     */
    public Restarted {
      Objects.requireNonNull(managerAddress, "managerAddress");
      Objects.requireNonNull(previousEpoch, "previousEpoch");
      Objects.requireNonNull(newEpoch, "newEpoch");
    }
  }
}
