package io.sharedstore.systemtests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sharedstore.cluster.ClusterClient;
import io.sharedstore.store.protocol.Command;
import io.sharedstore.store.protocol.GetSlotMap;
import io.sharedstore.store.protocol.SlotMap;
import io.sharedstore.store.slots.KeySlots;
import io.sharedstore.testsupport.JvmProcess;
import io.sharedstore.testsupport.PostgresServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.pekko.actor.typed.javadsl.AskPattern;

/**
 * Store node JVMs ({@code manager --cluster}) on free loopback ports, each seeded with the first
 * two, and (for {@code durability journal}) the PostgreSQL of their journal: a server of the
 * test's own ({@link PostgresServer}) with the schema made by the product's {@code db-init}. The
 * start waits until every node has logged every node Up and every slot answered. {@link #close} stops the nodes, then
 * the server.
 */
final class StoreNodes implements AutoCloseable {

  static final Duration FORMED_WITHIN = Duration.ofSeconds(90);
  /** The nodes' key → slot function: the default 1,024 slots (these nodes set no other). */
  static final KeySlots KEY_SLOTS = new KeySlots(1024);
  private static final Pattern MEMBER_UP =
      Pattern.compile("INFO .*Store cluster member Up: \\[(pekko://shared-store@[^\\]]+)\\]");

  /** A node logs it once every slot has answered its warm-up (placed, and recovered). */
  private static final Pattern SLOTS_ANSWERED =
      Pattern.compile("INFO .*All \\[\\d+\\] slots answered");

  private final List<JvmProcess> nodes = new ArrayList<>();
  private final List<Integer> ports;
  private final PostgresServer postgres;
  private final List<String> options;
  private final List<String> flags;
  private final Map<String, String> environment;

  private StoreNodes(List<Integer> ports, PostgresServer postgres, List<String> options,
      List<String> flags, Map<String, String> environment) {
    this.ports = ports;
    this.postgres = postgres;
    this.options = options;
    this.flags = flags;
    this.environment = environment;
  }

  /**
   * Starts {@code count} nodes with {@code durability} ({@code journal}: a PostgreSQL too) and
   * the JVM options given, and waits for the cluster.
   */
  static StoreNodes start(int count, String durability, List<String> jvmOptions)
      throws Exception {
    PostgresServer postgres = durability.equals("journal") ? PostgresServer.start() : null;
    List<Integer> ports = distinctFreePorts(count);
    String seeds = "127.0.0.1:" + ports.get(0)
        + (count > 1 ? ",127.0.0.1:" + ports.get(1) : "");
    List<String> flags = new ArrayList<>(List.of("--cluster", "--seed-nodes", seeds,
        "--durability", durability));
    Map<String, String> environment = Map.of();
    if (postgres != null) {
      flags.addAll(List.of("--jdbc-url", postgres.jdbcUrl()));
      environment = Map.of("SHARED_STORE_DB_PASSWORD", postgres.password());
    }
    List<String> options = new ArrayList<>(JvmProcess.javaOptsFromEnvironment());
    // No node is Up (and starts the slots) before all are members: the slots spread at once
    // instead of all landing on the first node and moving later.
    options.add("-Dpekko.cluster.min-nr-of-members=" + count);
    options.addAll(jvmOptions);
    if (postgres != null) {
      options.add("-Dshared-store.cluster.jdbc.user=" + postgres.user());
    }
    StoreNodes started = new StoreNodes(ports, postgres, options, flags, environment);
    try {
      if (postgres != null) {
        started.initDatabase();
      }
      for (int i = 0; i < count; i++) {
        started.nodes.add(started.startNode(i));
      }
      for (JvmProcess node : started.nodes) {
        ManagerJvm.awaitListening(node);
      }
      started.awaitFormed(started.nodes);
      return started;
    } catch (Exception | AssertionError e) {
      started.close();
      throw e;
    }
  }

  private void initDatabase() throws Exception {
    try (JvmProcess init = ManagerJvm.startMain("db-init", "io.sharedstore.sharding.DbInit",
        JvmProcess.javaOptsFromEnvironment(),
        List.of("--url", postgres.jdbcUrl(), "--user", postgres.user()), environment)) {
      assertEquals(Optional.of(0), init.waitFor(Duration.ofSeconds(60)), init.tail(20));
    }
  }

  private JvmProcess startNode(int index) {
    List<String> args = new ArrayList<>(List.of(
        "--host", "127.0.0.1", "--port", Integer.toString(ports.get(index))));
    args.addAll(flags);
    return ManagerJvm.start("store node " + (index + 1), options, args, environment);
  }

  /** Starts node {@code index} again (after it stopped), waiting until every node sees it Up. */
  JvmProcess restart(int index) throws Exception {
    JvmProcess node = startNode(index);
    nodes.set(index, node);
    ManagerJvm.awaitListening(node);
    awaitFormed(List.of(node));
    return node;
  }

  /** Starts every node again (after all stopped) and waits for the cluster. */
  void restartAll() throws Exception {
    for (int i = 0; i < nodes.size(); i++) {
      nodes.set(i, startNode(i));
    }
    for (JvmProcess node : nodes) {
      ManagerJvm.awaitListening(node);
    }
    awaitFormed(nodes);
  }

  /** Waits until each of {@code watched} has logged every node's address Up (since its start). */
  void awaitFormed(List<JvmProcess> watched) throws Exception {
    Set<String> addresses = new TreeSet<>();
    for (int port : ports) {
      addresses.add("pekko://shared-store@127.0.0.1:" + port);
    }
    for (JvmProcess node : watched) {
      Optional<Duration> formed = Poll.until(FORMED_WITHIN, () -> membersUp(node).equals(addresses));
      assertTrue(formed.isPresent(), node.name() + " saw Up only " + membersUp(node) + " of "
          + addresses + " within " + FORMED_WITHIN + ":\n" + node.tail(30));
    }
    for (JvmProcess node : watched) {
      node.awaitLine(SLOTS_ANSWERED, FORMED_WITHIN);
    }
  }

  List<JvmProcess> nodes() {
    return nodes;
  }

  List<Integer> ports() {
    return ports;
  }

  /** Each node's {@code host:port}. */
  List<String> addresses() {
    return ports.stream().map(port -> "127.0.0.1:" + port).toList();
  }

  /** The pekko address of node {@code index}. */
  String pekkoAddress(int index) {
    return "pekko://shared-store@127.0.0.1:" + ports.get(index);
  }

  /** The slots node {@code index} serves now, as the first node's slot map says. */
  Set<Integer> slotsServedBy(int index) throws Exception {
    try (ClusterClient client = ClusterClient.connect(99, addresses().get(0))) {
      client.awaitReachable(Duration.ofSeconds(30));
      SlotMap map = AskPattern.<Command, SlotMap>ask(client.remoteStoreRef(), GetSlotMap::new,
          Duration.ofSeconds(10), client.system().scheduler()).toCompletableFuture()
          .get(15, TimeUnit.SECONDS);
      int node = map.nodes().indexOf(addresses().get(index));
      Set<Integer> slots = new TreeSet<>();
      for (int slot = 0; slot < map.slots(); slot++) {
        if (map.owners().get(slot) == node) {
          slots.add(slot);
        }
      }
      return slots;
    }
  }

  /** The addresses {@code node} has logged Up so far. */
  static Set<String> membersUp(JvmProcess node) {
    Set<String> up = new TreeSet<>();
    for (String line : node.lines()) {
      Matcher m = MEMBER_UP.matcher(line);
      if (m.find()) {
        up.add(m.group(1));
      }
    }
    return up;
  }

  private static List<Integer> distinctFreePorts(int count) {
    Set<Integer> ports = new LinkedHashSet<>();
    while (ports.size() < count) {
      ports.add(FreePort.pick());
    }
    return List.copyOf(ports);
  }

  @Override
  public void close() {
    try {
      nodes.forEach(JvmProcess::close);
    } finally {
      if (postgres != null) {
        postgres.close();
      }
    }
  }
}
