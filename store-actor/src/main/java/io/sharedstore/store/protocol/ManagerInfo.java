package io.sharedstore.store.protocol;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the manager tells of itself, the answer of {@link Operation.GetInfo}, one record per
 * section as Redis's {@code INFO} has them. Each part of the manager fills the sections it owns:
 * the engine its memory, keyspace and counters, the store actor the server section and its
 * watches, the heartbeat the clients; a part that has not filled its section leaves it {@link
 * #EMPTY}'s. Times are epoch milliseconds of the manager's wall clock.
 *
 * @param server the process and its settings
 * @param clients the clients present
 * @param memory what the entries and the heap take
 * @param stats what the store did since it started
 * @param keyspace the keys stored
 */
public record ManagerInfo(Server server, Clients clients, Memory memory, Stats stats,
    Keyspace keyspace) implements Reply {

  /** Every section empty: what the parts fill in. */
  public static final ManagerInfo EMPTY =
      new ManagerInfo(
          new Server("", "", 0, 0, "", Optional.empty()),
          new Clients(0, List.of()),
          new Memory(0, 0, 0, 0, 0),
          new Stats(Map.of(), 0, 0, 0, Map.of(), 0, 0, Map.of(), 0),
          new Keyspace(0, 0));

  /**
   * The manager process.
   *
   * @param version the store's version ({@code unknown} if the build did not record it)
   * @param epoch the store's epoch (a new one at each start in memory; a durable store keeps its
   *     directory's)
   * @param uptimeMillis since the store started
   * @param pid the manager's process id
   * @param hostPort where clients reach it, {@code host:port} (empty if not remote)
   * @param persistence its data directory and fsync policy; empty when in memory only
   */
  public record Server(String version, String epoch, long uptimeMillis, long pid, String hostPort,
      Optional<Persistence> persistence) {}

  /**
   * Where and how a durable store keeps its data.
   *
   * @param directory the data directory
   * @param fsync the fsync policy ({@code always}, {@code everysec}, {@code no})
   * @param logBytes the bytes of the logs since the last snapshot (what a restart replays)
   */
  public record Persistence(String directory, String fsync, long logBytes) {}

  /**
   * The clients present: those that pinged within their heartbeat timeout and did not leave.
   *
   * @param connected how many
   * @param listed the most recently seen of them, at most {@code Pingers.LISTED} (copied)
   */
  public record Clients(int connected, List<Client> listed) {
    /**
     * Copies the list.
     *
     * @param connected how many
     * @param listed the most recently seen of them (copied)
     */
    public Clients {
      listed = List.copyOf(listed);
    }
  }

  /**
   * One client present.
   *
   * @param address the ActorSystem address it pings from ({@code system@host:port})
   * @param clusterId its cluster id, if its actor's name tells it
   * @param firstSeenMillis when its first ping (since it last joined) came
   * @param lastHeartbeatMillis when its last ping came
   */
  public record Client(String address, Optional<String> clusterId, long firstSeenMillis,
      long lastHeartbeatMillis) {}

  /**
   * Memory.
   *
   * @param usedMemory the estimated heap bytes of the entries, as {@code max-memory} counts them
   * @param entries entries stored (expired ones not yet freed included)
   * @param entriesWithTtl of them, those with a TTL
   * @param heapUsed the JVM's heap in use, bytes
   * @param heapMax the JVM's largest heap, bytes
   */
  public record Memory(long usedMemory, long entries, long entriesWithTtl, long heapUsed,
      long heapMax) {}

  /**
   * What the store did since it started.
   *
   * @param operations calls per operation name (those called at least once; copied)
   * @param keyspaceHits reads of named keys ({@code get}, {@code has}, {@code ttl}, {@code
   *     getAll}, per key) that found the key live
   * @param keyspaceMisses such reads that did not
   * @param expiredKeys entries freed because their TTL passed (by a read, a write or the sweep)
   * @param refusedByReason refused operations per refusal code ({@code invalid}, {@code full},
   *     ...; copied)
   * @param watches the watches registered now
   * @param instantaneousOpsPerSec operations handled per second over the last 10 s
   * @param operationsPerSecond of them, per operation name (those handled in the last 10 s;
   *     copied)
   * @param handlingP99Micros the p99 of the store's handling time over the last 10 s,
   *     microseconds (the engine's apply: not the time queued, nor the wait for the log)
   */
  public record Stats(Map<String, Long> operations, long keyspaceHits, long keyspaceMisses,
      long expiredKeys, Map<String, Long> refusedByReason, int watches,
      double instantaneousOpsPerSec, Map<String, Double> operationsPerSecond,
      long handlingP99Micros) {
    /**
     * Copies the maps, keeping their order.
     *
     * @param operations calls per operation name
     * @param keyspaceHits key reads that found the key
     * @param keyspaceMisses key reads that did not
     * @param expiredKeys entries freed after their TTL
     * @param refusedByReason refusals per code
     * @param watches watches registered
     * @param instantaneousOpsPerSec operations per second, last 10 s
     * @param operationsPerSecond per operation name (copied)
     * @param handlingP99Micros p99 of the handling, microseconds
     */
    public Stats {
      operations = Collections.unmodifiableMap(new LinkedHashMap<>(operations));
      refusedByReason = Collections.unmodifiableMap(new LinkedHashMap<>(refusedByReason));
      operationsPerSecond =
          Collections.unmodifiableMap(new LinkedHashMap<>(operationsPerSecond));
    }
  }

  /**
   * The keys.
   *
   * @param keys keys stored (expired ones not yet freed included, as Redis's {@code keys=})
   * @param keysWithTtl of them, those with a TTL
   */
  public record Keyspace(long keys, long keysWithTtl) {}

  /**
   * This info with another server section.
   *
   * @param server the section
   * @return a copy
   */
  public ManagerInfo withServer(Server server) {
    return new ManagerInfo(server, clients, memory, stats, keyspace);
  }

  /**
   * This info with another clients section.
   *
   * @param clients the section
   * @return a copy
   */
  public ManagerInfo withClients(Clients clients) {
    return new ManagerInfo(server, clients, memory, stats, keyspace);
  }

  /**
   * This info with another stats section.
   *
   * @param stats the section
   * @return a copy
   */
  public ManagerInfo withStats(Stats stats) {
    return new ManagerInfo(server, clients, memory, stats, keyspace);
  }
}
