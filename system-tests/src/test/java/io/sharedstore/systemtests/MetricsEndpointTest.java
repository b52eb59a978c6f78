package io.sharedstore.systemtests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sharedstore.cluster.ClusterClient;
import io.sharedstore.cluster.StoreClient;
import io.sharedstore.store.protocol.Bytes;
import io.sharedstore.store.protocol.Execute;
import io.sharedstore.store.protocol.Operation;
import io.sharedstore.store.protocol.Reply;
import io.sharedstore.testsupport.ManagerProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.apache.pekko.pattern.StatusReply;
import org.junit.jupiter.api.Test;

/**
 * {@code /metrics} of a manager JVM, scraped over HTTP while a client runs a load: the counters
 * move by exactly the operations issued, refusals are counted by reason, the gauges show the
 * store's state, and every scrape is strict Prometheus text. Without {@code metrics.port} the
 * manager binds nothing but its own port.
 */
class MetricsEndpointTest {

  private static final Duration CALL = Duration.ofSeconds(20);
  private static final int SETS = 200;
  private static final int MISSING_GETS = 150;
  private static final int REFUSED = 3;

  @Test
  void theCountersMoveByExactlyTheOperationsIssuedUnderLoad() throws Exception {
    try (MetricsManager manager = MetricsManager.start("metrics manager", List.of());
        ClusterClient client = ClusterClient.connect(1, manager.address());
        RawPeer peer = new RawPeer(manager.address())) {
      StoreClient store = client.store();
      AtomicBoolean stop = new AtomicBoolean();
      AtomicLong increments = new AtomicLong();
      AtomicReference<Throwable> loadFailed = new AtomicReference<>();
      Thread load = new Thread(() -> {
        try {
          while (!stop.get()) {
            store.increment("load-counter", 1).toCompletableFuture().get(20, TimeUnit.SECONDS);
            increments.incrementAndGet();
          }
        } catch (Exception e) {
          loadFailed.set(e);
        }
      }, "metrics load");
      load.start();
      try {
        assertTrue(Poll.until(Duration.ofSeconds(30), () -> increments.get() >= 50).isPresent(),
            "the load did not run");

        List<MetricsTextFormat.Sample> before = manager.scrape();
        CompletableFuture<?>[] sets = new CompletableFuture<?>[SETS];
        for (int i = 0; i < SETS; i++) {
          sets[i] = store.set("exact-" + i, i).toCompletableFuture();
        }
        CompletableFuture.allOf(sets).get(CALL.toSeconds(), TimeUnit.SECONDS);
        for (int i = 0; i < MISSING_GETS; i++) {
          assertTrue(store.get("missing-" + i, Integer.class).toCompletableFuture()
              .get(CALL.toSeconds(), TimeUnit.SECONDS).isEmpty());
        }
        // The client checks keys before sending; a peer without its checks sends an over-long
        // one, which the store refuses as invalid.
        for (int i = 0; i < REFUSED; i++) {
          StatusReply<Reply.Written> refused = peer.<Reply.Written>askStatus(
              replyTo -> new Execute<>(
                  new Operation.Set("k".repeat(5000), Bytes.wrap(new byte[] {1}),
                      OptionalLong.empty()), replyTo))
              .toCompletableFuture().get(CALL.toSeconds(), TimeUnit.SECONDS);
          assertTrue(refused.isError(), "an over-long key was accepted");
        }
        List<MetricsTextFormat.Sample> after = manager.scrape();

        assertEquals(SETS, delta(before, after, "shared_store_operations_seconds_count",
            Map.of("operation", "set", "result", "ok")));
        assertEquals(MISSING_GETS, delta(before, after, "shared_store_operations_seconds_count",
            Map.of("operation", "get", "result", "ok")));
        assertEquals(REFUSED, delta(before, after, "shared_store_operations_seconds_count",
            Map.of("operation", "set", "result", "refused")));
        assertEquals(REFUSED, delta(before, after, "shared_store_refused_total",
            Map.of("reason", "invalid")));
        assertEquals(0, delta(before, after, "shared_store_refused_total",
            Map.of("reason", "full")));
        assertTrue(delta(before, after, "shared_store_operations_seconds_count",
            Map.of("operation", "increment", "result", "ok")) > 0, "the load's increments");
        assertEquals(SETS + MISSING_GETS, delta(before, after, "shared_store_operations_seconds_bucket",
            Map.of("operation", "get", "result", "ok", "le", "+Inf"))
            + delta(before, after, "shared_store_operations_seconds_bucket",
                Map.of("operation", "set", "result", "ok", "le", "+Inf")));
      } finally {
        stop.set(true);
        load.join(TimeUnit.SECONDS.toMillis(30));
      }
      assertEquals(null, loadFailed.get(), "the load failed");

      // The load stopped: the store's figures are exact.
      List<MetricsTextFormat.Sample> last = manager.scrape();
      assertEquals(increments.get(), value(last, "shared_store_operations_seconds_count",
          Map.of("operation", "increment", "result", "ok")));
      assertEquals(SETS + 1, value(last, "shared_store_keys", Map.of()));
      assertEquals(0, value(last, "shared_store_keys_with_ttl", Map.of()));
      assertEquals(1, value(last, "shared_store_clients", Map.of()));
      assertTrue(value(last, "shared_store_memory_bytes", Map.of()) > 0);
      assertTrue(last.stream().anyMatch(s -> s.name().equals("jvm_memory_used_bytes")
          && s.value() > 0), "the JVM's memory meters");
      assertTrue(last.stream().anyMatch(s -> s.name().equals("process_uptime_seconds")));
      assertTrue(last.stream().anyMatch(s -> s.name().equals("jvm_gc_pause_seconds_count")
          || s.name().equals("jvm_gc_memory_allocated_bytes_total")));
    }
  }

  @Test
  void offByDefaultTheManagerBindsOnlyItsOwnPort() throws Exception {
    try (ManagerProcess manager = Managers.start(0);
        ClusterClient client = ClusterClient.connect(2, manager.address())) {
      // A round trip after the listening line: the metrics line, had there been one, was
      // logged right after it, by the same thread.
      client.store().info().toCompletableFuture().get(CALL.toSeconds(), TimeUnit.SECONDS);
      assertFalse(manager.jvm().findLine(MetricsManager.METRICS_LINE).isPresent(),
          manager.jvm().tail(20));
      assertEquals(Set.of(manager.port()), listeningTcpPorts(manager.jvm().pid()));
    }
  }

  private static double delta(List<MetricsTextFormat.Sample> before,
      List<MetricsTextFormat.Sample> after, String name, Map<String, String> labels) {
    return value(after, name, labels) - value(before, name, labels);
  }

  private static double value(List<MetricsTextFormat.Sample> samples, String name,
      Map<String, String> labels) {
    return MetricsTextFormat.value(samples, name, labels);
  }

  /** The TCP ports process {@code pid} listens on (Linux: its socket fds in /proc/net/tcp*). */
  private static Set<Integer> listeningTcpPorts(long pid) throws IOException {
    Set<String> inodes = new HashSet<>();
    try (Stream<Path> fds = Files.list(Path.of("/proc", Long.toString(pid), "fd"))) {
      for (Path fd : (Iterable<Path>) fds::iterator) {
        try {
          String target = Files.readSymbolicLink(fd).toString();
          if (target.startsWith("socket:[")) {
            inodes.add(target.substring("socket:[".length(), target.length() - 1));
          }
        } catch (IOException e) {
          // The fd closed meanwhile.
        }
      }
    }
    Set<Integer> ports = new HashSet<>();
    for (String table : new String[] {"/proc/net/tcp", "/proc/net/tcp6"}) {
      Path path = Path.of(table);
      if (!Files.exists(path)) {
        continue;
      }
      List<String> lines = Files.readAllLines(path);
      for (String line : lines.subList(1, lines.size())) {
        String[] f = line.trim().split("\\s+");
        // local_address (hex ip:port), state 0A = LISTEN, inode in column 9.
        if (f[3].equals("0A") && inodes.contains(f[9])) {
          ports.add(Integer.parseInt(f[1].substring(f[1].indexOf(':') + 1), 16));
        }
      }
    }
    return ports;
  }
}
