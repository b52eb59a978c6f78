package io.sharedstore.systemtests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sharedstore.cluster.ClusterClient;
import io.sharedstore.testsupport.JvmProcess;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * Three managers started with {@code --cluster}, each seeded with the first two, form one Pekko
 * Cluster of store nodes: each logs all three members Up. SIGKILL one, and the two others log it
 * unreachable and then removed, downed by the Split Brain Resolver (keep-majority: two of three
 * store members) within stable-after + 15 s of the kill. A node frozen (SIGSTOP) past that is
 * downed the same way, and when it wakes up (SIGCONT) it stops, exit status 3: it never serves
 * as a member again. The first node's client reads what it wrote before the kill to a slot the
 * first node serves.
 */
class StoreClusterMembershipTest {

  /** Lowered from the 20 s default so the test is short; the failure detector likewise. */
  private static final Duration STABLE_AFTER = Duration.ofSeconds(3);
  private static final String HEARTBEAT_PAUSE = "2s";
  private static final Duration REMOVED_WITHIN = STABLE_AFTER.plusSeconds(15);
  private static final Duration EXIT_WITHIN = Duration.ofSeconds(60);

  @Test
  void threeStoreNodesFormOneClusterAndTheMajorityDownsAKilledOne() throws Exception {
    try (StoreNodes cluster = startThreeNodes();
        ClusterClient client = ClusterClient.connect(1, cluster.addresses().get(0))) {
      downsAKilledOne(cluster.nodes(), cluster.pekkoAddress(2), client,
          keyServedBy(cluster, 0));
    }
  }

  private static void downsAKilledOne(List<JvmProcess> nodes, String killedAddress,
      ClusterClient client, String key) throws Exception {
    Stages.result(client.store().set(key, 42));
    assertEquals(Optional.of(42), Stages.result(client.store().get(key, Integer.class)));

    JvmProcess killed = nodes.get(2);
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
    assertEquals(Optional.of(42), Stages.result(client.store().get(key, Integer.class)),
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
    try (StoreNodes cluster = startThreeNodes()) {
      downsAFrozenOne(cluster.nodes(), cluster.pekkoAddress(2));
    }
  }

  private static void downsAFrozenOne(List<JvmProcess> nodes, String frozenAddress)
      throws Exception {
    JvmProcess frozen = nodes.get(2);

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

    Optional<Integer> exit = frozen.waitFor(EXIT_WITHIN);
    assertEquals(Optional.of(3), exit, "exit status of the downed node:\n" + frozen.tail(30));
    assertTrue(frozen.findLine(Pattern.compile("WARN .*This manager \\[" + Pattern.quote(frozenAddress)
        + "\\] was downed by the store cluster: it stops and exits with status 3")).isPresent(),
        frozen.tail(30));
    for (JvmProcess survivor : nodes.subList(0, 2)) {
      assertTrue(survivor.isAlive(), survivor.name() + " stopped:\n" + survivor.tail(30));
    }
  }

  /**
   * Three store nodes in memory, each seeded with the first two ({@link StoreNodes} waits until
   * each has logged all three Up); each also logs that it is Up as a member with role store.
   */
  private static StoreNodes startThreeNodes() throws Exception {
    StoreNodes cluster = StoreNodes.start(3, "none", options());
    try {
      for (JvmProcess node : cluster.nodes()) {
        assertTrue(node.findLine(Pattern.compile("INFO .*This manager is Up in the store cluster"
            + " as \\[.*\\] with roles \\[.*store.*\\]")).isPresent(), node.tail(30));
      }
      return cluster;
    } catch (AssertionError e) {
      cluster.close();
      throw e;
    }
  }

  /**
   * A key of a slot node {@code index} serves now: in memory ({@code none}), a key of the killed
   * node's slots is lost with it, and a call on its way there fails fast.
   */
  private static String keyServedBy(StoreNodes cluster, int index) throws Exception {
    Set<Integer> served = cluster.slotsServedBy(index);
    return IntStream.range(0, 10_000).mapToObj(i -> "membership-test-" + i)
        .filter(key -> served.contains(StoreNodes.KEY_SLOTS.slotOf(key)))
        .findFirst().orElseThrow(() -> new AssertionError("node " + index + " serves no slot"));
  }

  /** What is left of stable-after + 15 s since the kill (at least 1 ms). */
  private static Duration left(long killedAt) {
    Duration elapsed = Duration.ofNanos(System.nanoTime() - killedAt);
    Duration left = REMOVED_WITHIN.minus(elapsed);
    return left.isNegative() || left.isZero() ? Duration.ofMillis(1) : left;
  }

  private static List<String> options() {
    return List.of("-Dshared-store.cluster.stable-after=" + STABLE_AFTER.toSeconds() + "s",
        "-Dpekko.cluster.failure-detector.acceptable-heartbeat-pause=" + HEARTBEAT_PAUSE);
  }
}
