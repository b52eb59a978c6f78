package io.sharedstore.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The flags of {@code bench --cluster N}; no benchmark runs here. */
class ClusterBenchOptionsTest {

  @Test
  void withoutClusterTheBenchLoadsOneManager() {
    assertEquals(Optional.empty(), BenchOptions.parse(new String[0]).cluster());
  }

  @Test
  void clusterDefaultsToTheJournalWithoutTheTimings() {
    ClusterBenchOptions cluster =
        BenchOptions.parse(new String[] {"--cluster", "3"}).cluster().orElseThrow();
    assertEquals(new ClusterBenchOptions(3, "journal", false, 100_000, 3), cluster);
    assertTrue(cluster.journal());
  }

  @Test
  void everyClusterFlagIsRead() {
    ClusterBenchOptions cluster = BenchOptions.parse(new String[] {"--cluster", "5",
        "--durability", "none", "--failover", "--stable-after", "5", "--outstanding", "50,600"})
        .cluster().orElseThrow();
    assertEquals(new ClusterBenchOptions(5, "none", true, 100_000, 5), cluster);
    assertFalse(cluster.journal());
    ClusterBenchOptions journal = BenchOptions.parse(new String[] {"--cluster", "3",
        "--failover", "--recovery-keys", "1000", "--seconds", "2", "--warmup", "1"})
        .cluster().orElseThrow();
    assertEquals(1_000, journal.recoveryKeys());
  }

  @Test
  void badValuesAndMisplacedFlagsAreRefusedWithTheReason() {
    Map<List<String>, String> refused = Map.ofEntries(
        Map.entry(List.of("--cluster", "1"), "--cluster must be in 2..9, was 1"),
        Map.entry(List.of("--cluster", "10"), "--cluster must be in 2..9, was 10"),
        Map.entry(List.of("--cluster", "three"), "--cluster must be a number, was three"),
        Map.entry(List.of("--cluster"), "--cluster needs a value"),
        Map.entry(List.of("--cluster", "3", "--durability", "fsync"),
            "--durability must be journal or none, was fsync"),
        Map.entry(List.of("--durability", "none"), "--durability needs --cluster N"),
        Map.entry(List.of("--failover"), "--failover needs --cluster N"),
        Map.entry(List.of("--recovery-keys", "10"), "--recovery-keys needs --cluster N"),
        Map.entry(List.of("--cluster", "2", "--failover"), "--failover needs --cluster 3 or more"),
        Map.entry(List.of("--cluster", "3", "--recovery-keys", "10"),
            "--recovery-keys and --stable-after need --failover"),
        Map.entry(List.of("--cluster", "3", "--failover", "--recovery-keys", "0"),
            "--recovery-keys must be in 1..10000000, was 0"),
        Map.entry(List.of("--cluster", "3", "--failover", "--stable-after", "0"),
            "--stable-after must be in 1..120, was 0"),
        Map.entry(List.of("--cluster", "3", "--durability", "none", "--failover",
            "--recovery-keys", "10"), "it needs --durability journal"),
        Map.entry(List.of("--cluster", "3", "--manager", "127.0.0.1:1"),
            "it cannot go with --manager"),
        Map.entry(List.of("--cluster", "3", "--data-dir", "/tmp/x"),
            "it cannot go with --data-dir"),
        Map.entry(List.of("--cluster", "3", "--near-cache", "bench:*"),
            "it cannot go with --near-cache"),
        Map.entry(List.of("--cluster", "3", "--compare-metrics"),
            "--cluster cannot go with --compare-metrics"));
    refused.forEach((args, problem) -> {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> BenchOptions.parse(args.toArray(String[]::new)), args.toString());
      assertTrue(e.getMessage().contains(problem), args + ": " + e.getMessage());
      assertTrue(e.getMessage().endsWith(BenchOptions.USAGE), e.getMessage());
    });
  }
}
