package io.sharedstore.systemtests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sharedstore.cluster.ClusterClient;
import io.sharedstore.testsupport.JvmProcess;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Three managers started with {@code --cluster}, each seeded with the first two, form one Pekko
 * Cluster of store nodes: each logs all three members Up. SIGKILL one, and the two others log it
 * unreachable and then removed, downed by the Split Brain Resolver (keep-majority: two of three
 * store members) within stable-after + 15 s of the kill. A node frozen (SIGSTOP) past that is
 * downed the same way, and when it wakes up (SIGCONT) it stops, exit status 3: it never serves
 * as a member again. A store node still serves a client as
 * the single manager does (each its own store, until slots come).
 */
class StoreClusterMembershipTest {

  /** Lowered from the 20 s default so the test is short; the failure detector likewise. */
  private static final Duration STABLE_AFTER = Duration.ofSeconds(3);
  private static final String HEARTBEAT_PAUSE = "2s";
  private static final Duration REMOVED_WITHIN = STABLE_AFTER.plusSeconds(15);
  private static final Duration FORMED_WITHIN = Duration.ofSeconds(60);
  private static final Pattern MEMBER_UP =
      Pattern.compile("INFO .*Store cluster member Up: \\[(pekko://shared-store@[^\\]]+)\\]");

  private final List<JvmProcess> nodes = new ArrayList<>();
  private final List<ClusterClient> clients = new ArrayList<>();

  @AfterEach
  void stopClientsAndNodes() {
    try {
      clients.forEach(ClusterClient::close);
    } finally {
      nodes.forEach(JvmProcess::close);
    }
  }

  @Test
  void threeStoreNodesFormOneClusterAndTheMajorityDownsAKilledOne() throws Exception {
    List<Integer> ports = startThreeNodesAndAwaitTheCluster();

    ClusterClient client = ClusterClient.connect(1, "127.0.0.1:" + ports.get(0));
    clients.add(client);
    Stages.result(client.store().set("membership-test", 42));
    assertEquals(Optional.of(42), Stages.result(client.store().get("membership-test", Integer.class)));

    JvmProcess killed = nodes.get(2);
    String killedAddress = "pekko://shared-store@127.0.0.1:" + ports.get(2);
    killed.kill();
    long killedAt = System.nanoTime();

    for (JvmProcess survivor : nodes.subList(0, 2)) {
      survivor.awaitLine(Pattern.compile("INFO .*Store cluster member Unreachable: \\["
          + Pattern.quote(killedAddress) + "\\]"), left(killedAt));
      Matcher removed = survivor.awaitLine(Pattern.compile(
          "INFO .*Store cluster member Removed: \\[" + Pattern.quote(killedAddress)
              + "\\] .*\\((\\d+) members Up\\)"), left(killedAt));
      assertEquals("2", removed.group(1), removed.group());
      assertTrue(survivor.isAlive(), survivor.name() + " stopped:\n" + survivor.tail(30));
    }
    Duration took = Duration.ofNanos(System.nanoTime() - killedAt);
    assertEquals(Optional.of(42), Stages.result(client.store().get("membership-test", Integer.class)),
        "the first node's store still answers its client");
    assertTrue(took.compareTo(REMOVED_WITHIN) <= 0, "removed after " + took);
    for (JvmProcess survivor : nodes.subList(0, 2)) {
      assertTrue(survivor.findLine(Pattern.compile("SBR took decision DownUnreachable")).isPresent()
          || survivor.findLine(Pattern.compile("Store cluster member Downed: \\["
              + Pattern.quote(killedAddress))).isPresent(),
          "nothing says the killed node was downed:\n" + survivor.tail(40));
    }
  }

  @Test
  void aFrozenNodeIsDownedByTheMajorityAndStopsWhenItWakesUp() throws Exception {
    List<Integer> ports = startThreeNodesAndAwaitTheCluster();
    JvmProcess frozen = nodes.get(2);
    String frozenAddress = "pekko://shared-store@127.0.0.1:" + ports.get(2);

    frozen.signal("STOP");
    long frozenAt = System.nanoTime();
    try {
      for (JvmProcess survivor : nodes.subList(0, 2)) {
        survivor.awaitLine(Pattern.compile("INFO .*Store cluster member Removed: \\["
            + Pattern.quote(frozenAddress) + "\\]"), left(frozenAt));
      }
    } finally {
      frozen.signal("CONT");
    }

    Optional<Integer> exit = frozen.waitFor(FORMED_WITHIN);
    assertEquals(Optional.of(3), exit, "exit status of the downed node:\n" + frozen.tail(30));
    assertTrue(frozen.findLine(Pattern.compile("WARN .*This manager \\[" + Pattern.quote(frozenAddress)
        + "\\] was downed by the store cluster: it stops and exits with status 3")).isPresent(),
        frozen.tail(30));
    for (JvmProcess survivor : nodes.subList(0, 2)) {
      assertTrue(survivor.isAlive(), survivor.name() + " stopped:\n" + survivor.tail(30));
    }
  }

  /**
   * Starts three managers with {@code --cluster}, each seeded with the first two, and waits
   * until each has logged all three Up; answers their ports.
   */
  private List<Integer> startThreeNodesAndAwaitTheCluster() throws Exception {
    List<Integer> ports = distinctFreePorts(3);
    String seeds = "127.0.0.1:" + ports.get(0) + ",127.0.0.1:" + ports.get(1);
    Set<String> addresses = new TreeSet<>();
    for (int port : ports) {
      addresses.add("pekko://shared-store@127.0.0.1:" + port);
    }
    for (int i = 0; i < ports.size(); i++) {
      nodes.add(ManagerJvm.start("store node " + (i + 1), options(), List.of(
          "--host", "127.0.0.1", "--port", Integer.toString(ports.get(i)),
          "--cluster", "--seed-nodes", seeds, "--durability", "none")));
    }
    for (JvmProcess node : nodes) {
      ManagerJvm.awaitListening(node);
    }
    for (JvmProcess node : nodes) {
      Optional<Duration> formed = Poll.until(FORMED_WITHIN, () -> membersUp(node).equals(addresses));
      assertTrue(formed.isPresent(), node.name() + " saw Up only " + membersUp(node) + " of "
          + addresses + " within " + FORMED_WITHIN + ":\n" + node.tail(30));
      assertTrue(node.findLine(Pattern.compile(
          "INFO .*This manager is Up in the store cluster as \\[.*\\] with roles \\[.*store.*\\]"))
          .isPresent(), node.tail(30));
    }
    return ports;
  }

  /** What is left of stable-after + 15 s since the kill (at least 1 ms). */
  private static Duration left(long killedAt) {
    Duration elapsed = Duration.ofNanos(System.nanoTime() - killedAt);
    Duration left = REMOVED_WITHIN.minus(elapsed);
    return left.isNegative() || left.isZero() ? Duration.ofMillis(1) : left;
  }

  /** The addresses {@code node} has logged Up so far. */
  private static Set<String> membersUp(JvmProcess node) {
    Set<String> up = new TreeSet<>();
    for (String line : node.lines()) {
      Matcher m = MEMBER_UP.matcher(line);
      if (m.find()) {
        up.add(m.group(1));
      }
    }
    return up;
  }

  private static List<String> options() {
    List<String> options = new ArrayList<>(JvmProcess.javaOptsFromEnvironment());
    options.add("-Dshared-store.cluster.stable-after=" + STABLE_AFTER.toSeconds() + "s");
    options.add("-Dpekko.cluster.failure-detector.acceptable-heartbeat-pause=" + HEARTBEAT_PAUSE);
    return options;
  }

  private static List<Integer> distinctFreePorts(int count) {
    Set<Integer> ports = new java.util.LinkedHashSet<>();
    while (ports.size() < count) {
      ports.add(FreePort.pick());
    }
    return List.copyOf(ports);
  }
}
