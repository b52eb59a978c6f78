package io.sharedstore.bench;

import com.typesafe.config.ConfigFactory;
import io.sharedstore.cluster.ClusterClient;
import io.sharedstore.store.protocol.ClusterInfo;
import io.sharedstore.testsupport.ChildJvmOptions;
import io.sharedstore.testsupport.JvmProcess;
import io.sharedstore.testsupport.ManagerProcess;
import io.sharedstore.testsupport.PostgresServer;
import io.sharedstore.testsupport.ProjectLayout;
import io.sharedstore.testsupport.StartedProcesses;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.IntSummaryStatistics;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Store node JVMs for {@code bench --cluster} ({@code manager --cluster} on free loopback ports,
 * each seeded with the first two) and, with {@code durability journal}, the PostgreSQL of their
 * journal: a server of the run's own ({@link PostgresServer}) with the schema made by the
 * product's {@code DbInit}. The start waits until every node has logged that all its slots
 * answered ({@code -Dpekko.cluster.min-nr-of-members} is the node count, so the slots spread at
 * once). {@link #close()} stops the nodes, then PostgreSQL.
 */
final class StoreNodeCluster implements AutoCloseable {

  /** A node logs it once every slot has answered its warm-up (placed, and recovered). */
  static final Pattern SLOTS_ANSWERED =
      Pattern.compile("All \\[(\\d+)\\] slots answered \\[(\\d+)\\] ms after this node was Up");
  /** A node logs each member it sees Up, itself included. */
  static final Pattern MEMBER_UP = Pattern.compile("Store cluster member Up: \\[([^\\]]+)\\]");

  private static final Duration FORMED_WITHIN = Duration.ofMinutes(3);
  private static final Duration STOP_TIMEOUT = Duration.ofMinutes(2);
  private static final Duration BALANCED_WITHIN = Duration.ofSeconds(90);
  private static final int BALANCE_CLIENT_ID = 90;

  private final ProjectLayout layout;
  private final StartedProcesses started;
  private final Consumer<String> echo;
  private final PostgresServer postgres;
  private final List<Integer> ports;
  private final List<String> flags;
  private final List<String> jvmOptions;
  private final Map<String, String> environment;
  private final List<JvmProcess> nodes = new ArrayList<>();
  /** How the slots were spread when the start was done, for {@link #describe()}. */
  private String placement = "";

  private StoreNodeCluster(ProjectLayout layout, StartedProcesses started, Consumer<String> echo,
      PostgresServer postgres, List<Integer> ports, List<String> flags, List<String> jvmOptions,
      Map<String, String> environment) {
    this.layout = layout;
    this.started = started;
    this.echo = echo;
    this.postgres = postgres;
    this.ports = ports;
    this.flags = flags;
    this.jvmOptions = jvmOptions;
    this.environment = environment;
  }

  /**
   * Starts {@code count} nodes with {@code durability} ({@code journal}: a PostgreSQL too, and
   * its schema) and {@code extraOptions}, and waits until every slot answered on each.
   *
   * @param echo receives every node's output lines, prefixed with its name
   */
  static StoreNodeCluster start(ProjectLayout layout, StartedProcesses started, int count,
      String durability, List<String> extraOptions, Consumer<String> echo) throws Exception {
    PostgresServer postgres = durability.equals("journal") ? PostgresServer.start() : null;
    List<String> flags = new ArrayList<>();
    List<String> options = new ArrayList<>(new ChildJvmOptions(layout).standard());
    options.addAll(extraOptions);
    Map<String, String> environment = Map.of();
    List<Integer> ports = freePorts(count);
    flags.addAll(List.of("--cluster", "--seed-nodes", "127.0.0.1:" + ports.get(0)
        + (count > 1 ? ",127.0.0.1:" + ports.get(1) : ""), "--durability", durability));
    if (postgres != null) {
      flags.addAll(List.of("--jdbc-url", postgres.jdbcUrl()));
      options.add("-Dshared-store.cluster.jdbc.user=" + postgres.user());
      environment = Map.of("SHARED_STORE_DB_PASSWORD", postgres.password());
    }
    StoreNodeCluster cluster = new StoreNodeCluster(layout, started, echo, postgres, ports, flags,
        options, environment);
    try {
      if (postgres != null) {
        cluster.initDatabase();
      }
      for (int i = 0; i < count; i++) {
        cluster.nodes.add(cluster.startNode(i, count));
      }
      for (JvmProcess node : cluster.nodes) {
        node.awaitLine(ManagerProcess.LISTENING, FORMED_WITHIN);
      }
      for (JvmProcess node : cluster.nodes) {
        node.awaitLine(SLOTS_ANSWERED, FORMED_WITHIN);
      }
      if (count > 1) {
        cluster.awaitBalanced();
      }
      return cluster;
    } catch (Exception | Error e) {
      cluster.close();
      throw e;
    }
  }

  /**
   * Waits until the sharding has spread the slots evenly (no node more than two shards' worth of
   * slots from another, none unplaced): a node whose region registers late gets its shards by
   * rebalances, a few shards every 10 s, and a call that meets a moving shard is refused or
   * delayed, which is not what the run measures. Goes on after {@link #BALANCED_WITHIN} anyway.
   */
  private void awaitBalanced() throws Exception {
    long began = System.nanoTime();
    int shards = ConfigFactory.load().getInt("shared-store.cluster.shards");
    try (ClusterClient client = ClusterClient.connect(BALANCE_CLIENT_ID, addresses())) {
      client.awaitReachable(FORMED_WITHIN);
      String spread = "";
      while (System.nanoTime() - began < BALANCED_WITHIN.toNanos()) {
        ClusterInfo info = client.clusterInfo(Duration.ofSeconds(5)).toCompletableFuture()
            .get(10, TimeUnit.SECONDS);
        IntSummaryStatistics served = info.members().stream()
            .filter(member -> member.roles().contains("store"))
            .mapToInt(ClusterInfo.Member::slotsServed).summaryStatistics();
        int tolerance = 2 * Math.max(1, info.slots() / shards); // the nodes' default shards
        spread = served.getMin() + "-" + served.getMax() + " slots per node";
        if (info.unplaced() == 0 && served.getCount() == nodes.size()
            && served.getMax() - served.getMin() <= tolerance) {
          placement = "; slots balanced (" + spread + ") "
              + (System.nanoTime() - began) / 1_000_000 + " ms after every node answered";
          return;
        }
        Thread.sleep(500);
      }
      placement = "; slots NOT balanced " + BALANCED_WITHIN.toSeconds() + " s after every node"
          + " answered (" + spread + "): measuring anyway";
    }
  }

  private void initDatabase() throws Exception {
    try (JvmProcess init = JvmProcess.start("db-init", layout.managerClasspath(),
        JvmProcess.javaOptsFromEnvironment(), "io.sharedstore.sharding.DbInit",
        List.of("--url", postgres.jdbcUrl(), "--user", postgres.user()), environment,
        line -> echo.accept("[db-init] " + line))) {
      Optional<Integer> exit = init.waitFor(Duration.ofSeconds(90));
      if (!exit.equals(Optional.of(0))) {
        throw new IllegalStateException("db-init failed (" + exit.map(String::valueOf)
            .orElse("still running") + "):\n" + init.tail(20));
      }
    }
  }

  /** Starts node {@code index}; no node is Up before {@code minMembers} have joined. */
  private JvmProcess startNode(int index, int minMembers) {
    List<String> args = new ArrayList<>(List.of(
        "--host", "127.0.0.1", "--port", Integer.toString(ports.get(index))));
    args.addAll(flags);
    List<String> options = new ArrayList<>(jvmOptions);
    options.add("-Dpekko.cluster.min-nr-of-members=" + minMembers);
    String name = "node-" + (index + 1);
    return started.add(JvmProcess.start(name, layout.managerClasspath(), options,
        "io.sharedstore.manager.ManagerNode", args, environment,
        line -> echo.accept("[" + name + "] " + line)));
  }

  /**
   * Starts node {@code index} again, alone (it forms a cluster of its own once it is Up), after
   * every node stopped; does not wait.
   */
  JvmProcess startAlone(int index) {
    JvmProcess node = startNode(index, 1);
    nodes.set(index, node);
    return node;
  }

  /** SIGKILLs node {@code index}. */
  void kill(int index) throws InterruptedException {
    nodes.get(index).kill();
  }

  /** SIGTERMs every node still alive and waits until each has exited. */
  void terminateAll() throws Exception {
    for (JvmProcess node : nodes) {
      if (node.isAlive()) {
        node.signal("TERM");
      }
    }
    for (JvmProcess node : nodes) {
      if (node.waitFor(STOP_TIMEOUT).isEmpty()) {
        throw new IllegalStateException(node.name() + " did not exit within " + STOP_TIMEOUT
            + " of SIGTERM:\n" + node.tail(20));
      }
      started.stop(node);
    }
  }

  /** Each node's {@code host:port}, comma-separated, as a client is given them. */
  String addresses() {
    return String.join(",", ports.stream().map(port -> "127.0.0.1:" + port).toList());
  }

  /** The {@code host:port} of node {@code index}. */
  String address(int index) {
    return "127.0.0.1:" + ports.get(index);
  }

  List<JvmProcess> nodes() {
    return nodes;
  }

  /** The processes whose CPU a configuration measures: each node, and PostgreSQL if any. */
  List<MeasuredProcess> measured() {
    List<MeasuredProcess> measured = new ArrayList<>();
    for (JvmProcess node : nodes) {
      measured.add(MeasuredProcess.jvm(node.name(), node.pid()));
    }
    postmasterPid().ifPresent(pid -> measured.add(MeasuredProcess.tree("postgres", pid)));
    return measured;
  }

  /** PostgreSQL's postmaster, read from its {@code postmaster.pid}. */
  private OptionalLong postmasterPid() {
    if (postgres == null) {
      return OptionalLong.empty();
    }
    try {
      List<String> lines =
          Files.readAllLines(postgres.directory().resolve("data").resolve("postmaster.pid"));
      return lines.isEmpty() ? OptionalLong.empty()
          : OptionalLong.of(Long.parseLong(lines.get(0).trim()));
    } catch (IOException | RuntimeException e) {
      return OptionalLong.empty();
    }
  }

  /** {@code [N] slots answered [M] ms after this node was Up} of {@code node}, if it logged it. */
  static Optional<long[]> slotsAnswered(JvmProcess node) {
    return node.findLine(SLOTS_ANSWERED)
        .map(m -> new long[] {Long.parseLong(m.group(1)), Long.parseLong(m.group(2))});
  }

  /** Waits for {@code pattern} in {@code node}'s output. */
  static Matcher await(JvmProcess node, Pattern pattern)
      throws TimeoutException, InterruptedException {
    return node.awaitLine(pattern, FORMED_WITHIN);
  }

  /** A description for the report: nodes, durability, PostgreSQL. */
  String describe() {
    return nodes.size() + " store node" + (nodes.size() == 1 ? "" : "s") + " " + addresses()
        + " (pids " + nodes.stream().map(n -> Long.toString(n.pid())).toList() + ")"
        + (postgres == null ? ", durability none"
            : ", durability journal on " + postgres + ", postmaster pid "
                + postmasterPid().stream().mapToObj(Long::toString).findFirst().orElse("?"))
        + placement;
  }

  @Override
  public void close() {
    try {
      nodes.forEach(started::stop);
    } finally {
      if (postgres != null) {
        postgres.close();
      }
    }
  }

  private static List<Integer> freePorts(int count) {
    Set<Integer> ports = new LinkedHashSet<>();
    while (ports.size() < count) {
      try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
        ports.add(socket.getLocalPort());
      } catch (IOException e) {
        throw new UncheckedIOException("no free port for a store node", e);
      }
    }
    return List.copyOf(ports);
  }
}
