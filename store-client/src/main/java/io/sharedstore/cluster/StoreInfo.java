package io.sharedstore.cluster;

import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What the manager tells of itself, as Redis's {@code INFO} does, one record per section: what
 * {@link StoreClient#info()} answers and {@code shared-store cli info} prints. The counters count
 * since the manager's store started (a restart starts them from zero, as Redis's). {@link
 * #sections()} renders it with Redis's field names where they mean the same thing ({@code
 * connected_clients}, {@code used_memory}, {@code keyspace_hits}, {@code keyspace_misses}, {@code
 * expired_keys}...).
 *
 * @param server the manager process
 * @param clients the clients connected to it
 * @param memory what its entries and its heap take
 * @param stats what it did since it started
 * @param keyspace the keys it stores
 */
public record StoreInfo(Server server, Clients clients, Memory memory, Stats stats,
    Keyspace keyspace) {

  /**
   * Checks the sections.
   *
   * @param server the manager process
   * @param clients the clients connected
   * @param memory memory
   * @param stats counters
   * @param keyspace the keys
   * @throws NullPointerException if a section is null
   */
  public StoreInfo {
    Objects.requireNonNull(server, "server");
    Objects.requireNonNull(clients, "clients");
    Objects.requireNonNull(memory, "memory");
    Objects.requireNonNull(stats, "stats");
    Objects.requireNonNull(keyspace, "keyspace");
  }

  /**
   * The manager process.
   *
   * @param version the store's version ({@code unknown} if its build did not record it)
   * @param epoch the store's epoch: new at each start in memory, kept by a durable store
   * @param uptime since the store started
   * @param pid the manager's process id
   * @param hostPort where clients reach it, {@code host:port}
   * @param persistence its data directory and fsync policy; empty when it keeps data in memory
   *     only
   */
  public record Server(String version, String epoch, Duration uptime, long pid, String hostPort,
      Optional<Persistence> persistence) {}

  /**
   * Where and how a durable manager keeps its data.
   *
   * @param directory the data directory
   * @param fsync the fsync policy: {@code always}, {@code everysec} or {@code no}
   * @param logBytes the bytes of the logs since the last snapshot: what a restart replays
   */
  public record Persistence(String directory, String fsync, long logBytes) {}

  /**
   * The clients connected: those whose heartbeats reach the manager and that did not close.
   *
   * @param connectedClients how many
   * @param clients the most recently seen of them (at most 1,000), most recent first (copied)
   */
  public record Clients(int connectedClients, List<Client> clients) {
    /**
     * Copies the list.
     *
     * @param connectedClients how many
     * @param clients the most recently seen of them (copied)
     */
    public Clients {
      clients = List.copyOf(clients);
    }
  }

  /**
   * One connected client ({@code ClusterClient}).
   *
   * @param address the ActorSystem address it connects from, {@code system@host:port}
   * @param clusterId its cluster id, if the manager can tell it
   * @param firstSeen when its first heartbeat came (since it last connected)
   * @param lastHeartbeat when its last heartbeat came
   */
  public record Client(String address, Optional<String> clusterId, Instant firstSeen,
      Instant lastHeartbeat) {}

  /**
   * Memory.
   *
   * @param usedMemory the estimated heap bytes of the entries, as {@code max-memory} counts them
   * @param entries entries stored, expired ones not yet freed included
   * @param entriesWithTtl of them, those with a TTL
   * @param heapUsed the manager JVM's heap in use, bytes
   * @param heapMax the manager JVM's largest heap, bytes
   */
  public record Memory(long usedMemory, long entries, long entriesWithTtl, long heapUsed,
      long heapMax) {}

  /**
   * What the manager did since its store started.
   *
   * @param operations calls per operation name ({@code get}, {@code set}, {@code ttl}, ...), those
   *     called at least once (copied)
   * @param keyspaceHits reads of named keys ({@code get}, {@code has}, {@code ttl}, each key of
   *     a {@code getAll}) that found the key
   * @param keyspaceMisses such reads that did not
   * @param expiredKeys keys freed because their TTL passed
   * @param refusedByReason refused operations per reason ({@code invalid}, {@code full}, {@code
   *     type}, {@code overflow}, {@code read-only}; copied)
   * @param watches the watches registered now
   * @param instantaneousOpsPerSec operations handled per second over the last 10 s
   * @param operationsPerSecond of them, per operation name, those handled in the last 10 s
   *     (copied)
   * @param handlingP99Micros the p99 of the manager's handling time over the last 10 s, in
   *     microseconds: its store applying the operation, not the network, the queue or the wait
   *     for the log
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
     * @param expiredKeys keys freed after their TTL
     * @param refusedByReason refusals per reason
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
   * @param keys keys stored, expired ones not yet freed included (as Redis's {@code keys=})
   * @param keysWithTtl of them, those with a TTL ({@code expires=})
   */
  public record Keyspace(long keys, long keysWithTtl) {}

  /**
   * The info as Redis's {@code INFO} prints it: section name ({@code server}, {@code clients},
   * {@code memory}, {@code stats}, {@code keyspace}) to its fields, in that order, with snake_case
   * names (Redis's where they mean the same). Values are numbers ({@code Long}, {@code Integer}) or
   * strings; times are ISO-8601 and durations in seconds ({@code uptime_in_seconds}). A client is
   * one field, {@code client_<n>}, in Redis's {@code CLIENT LIST} style ({@code addr=... }); an
   * operation one field {@code cmdstat_<name>} (its calls); a refusal reason one field {@code
   * refused_<reason>}.
   *
   * @return the sections, in order (unmodifiable)
   */
  public Map<String, Map<String, Object>> sections() {
    Map<String, Map<String, Object>> sections = new LinkedHashMap<>();
    Map<String, Object> serverFields = new LinkedHashMap<>();
    serverFields.put("version", server.version());
    serverFields.put("epoch", server.epoch());
    serverFields.put("uptime_in_seconds", server.uptime().toSeconds());
    serverFields.put("process_id", server.pid());
    serverFields.put("tcp_address", server.hostPort());
    serverFields.put("persistence", server.persistence().isPresent() ? "on" : "off");
    server.persistence().ifPresent(p -> {
      serverFields.put("persistence_dir", p.directory());
      serverFields.put("persistence_fsync", p.fsync());
      serverFields.put("log_bytes", p.logBytes());
    });
    sections.put("server", Collections.unmodifiableMap(serverFields));

    Map<String, Object> clientFields = new LinkedHashMap<>();
    clientFields.put("connected_clients", clients.connectedClients());
    for (int i = 0; i < clients.clients().size(); i++) {
      Client client = clients.clients().get(i);
      clientFields.put("client_" + i, "addr=" + client.address()
          + " cluster_id=" + client.clusterId().orElse("")
          + " first_seen=" + client.firstSeen()
          + " last_heartbeat=" + client.lastHeartbeat());
    }
    sections.put("clients", Collections.unmodifiableMap(clientFields));

    Map<String, Object> memoryFields = new LinkedHashMap<>();
    memoryFields.put("used_memory", memory.usedMemory());
    memoryFields.put("entries", memory.entries());
    memoryFields.put("entries_with_ttl", memory.entriesWithTtl());
    memoryFields.put("heap_used", memory.heapUsed());
    memoryFields.put("heap_max", memory.heapMax());
    sections.put("memory", Collections.unmodifiableMap(memoryFields));

    Map<String, Object> statsFields = new LinkedHashMap<>();
    statsFields.put("total_commands_processed",
        stats.operations().values().stream().mapToLong(Long::longValue).sum());
    statsFields.put("keyspace_hits", stats.keyspaceHits());
    statsFields.put("keyspace_misses", stats.keyspaceMisses());
    statsFields.put("expired_keys", stats.expiredKeys());
    statsFields.put("total_refused",
        stats.refusedByReason().values().stream().mapToLong(Long::longValue).sum());
    statsFields.put("watches", stats.watches());
    statsFields.put("instantaneous_ops_per_sec", Math.round(stats.instantaneousOpsPerSec()));
    statsFields.put("handling_p99_usec", stats.handlingP99Micros());
    stats.operations().forEach((name, calls) -> statsFields.put("cmdstat_" + name, calls));
    stats.operationsPerSecond().forEach((name, rate) ->
        statsFields.put("ops_per_sec_" + name, Math.round(rate)));
    stats.refusedByReason().forEach((reason, count) ->
        statsFields.put("refused_" + reason.replace('-', '_'), count));
    sections.put("stats", Collections.unmodifiableMap(statsFields));

    Map<String, Object> keyspaceFields = new LinkedHashMap<>();
    keyspaceFields.put("keys", keyspace.keys());
    keyspaceFields.put("keys_with_ttl", keyspace.keysWithTtl());
    sections.put("keyspace", Collections.unmodifiableMap(keyspaceFields));
    return Collections.unmodifiableMap(sections);
  }
}
