package io.sharedstore.manager;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The Pekko config the manager runs with, cluster off (the single manager, as before) and on
 * (a store node with role store, its seed nodes and the Split Brain Resolver).
 */
class StoreClusterTest {

  private static final String SBR = "pekko.cluster.split-brain-resolver";

  @Test
  void offByDefaultTheManagerIsTheSingleManagerOnPlainRemoting() {
    Config effective = ManagerNode.effectiveConfig(withDefaults(Map.of()));

    assertFalse(StoreCluster.create(effective).enabled());
    assertEquals("remote", effective.getString("pekko.actor.provider"));
    assertEquals("127.0.0.1", effective.getString("pekko.remote.artery.canonical.hostname"));
    assertEquals(17355, effective.getInt("pekko.remote.artery.canonical.port"));
    assertEquals(List.of(), effective.getStringList("pekko.cluster.roles"));
    assertEquals(List.of(), effective.getStringList("pekko.cluster.seed-nodes"));
    assertEquals("", effective.getString("pekko.cluster.downing-provider-class"));
    assertEquals(Map.of("pekko.actor.provider", "remote"),
        StoreCluster.create(effective).pekkoSettings());
  }

  @Test
  void seedNodesInTheConfigAreIgnoredWhileTheClusterIsOff() {
    Config effective = ManagerNode.effectiveConfig(
        withDefaults(Map.of("shared-store.cluster.seed-nodes", List.of("127.0.0.1:2551"))));

    assertEquals("remote", effective.getString("pekko.actor.provider"));
    assertEquals(List.of(), effective.getStringList("pekko.cluster.seed-nodes"));
  }

  @Test
  void onTheManagerIsAStoreMemberWithTheSplitBrainResolverKeepingTheMajority() {
    Config effective = ManagerNode.effectiveConfig(withDefaults(Map.of(
        "shared-store.manager.port", 2553,
        "shared-store.cluster.enabled", true, "shared-store.cluster.durability", "none",
        "shared-store.cluster.seed-nodes", List.of("127.0.0.1:2551", "node-2.example:2552"))));

    assertEquals("cluster", effective.getString("pekko.actor.provider"));
    assertEquals(List.of("store"), effective.getStringList("pekko.cluster.roles"));
    assertEquals(
        List.of("pekko://shared-store@127.0.0.1:2551", "pekko://shared-store@node-2.example:2552"),
        effective.getStringList("pekko.cluster.seed-nodes"));
    assertEquals("org.apache.pekko.cluster.sbr.SplitBrainResolverProvider",
        effective.getString("pekko.cluster.downing-provider-class"));
    assertEquals("keep-majority", effective.getString(SBR + ".active-strategy"));
    assertEquals("store", effective.getString(SBR + ".keep-majority.role"));
    assertEquals(Duration.ofSeconds(20), effective.getDuration(SBR + ".stable-after"));
    assertEquals(2553, effective.getInt("pekko.remote.artery.canonical.port"));
    assertFalse(StoreCluster.create(effective).joinsItself());
  }

  @Test
  void stableAfterIsTheOperatorsAndNoSeedNodesMeansJoiningItself() {
    Config effective = ManagerNode.effectiveConfig(withDefaults(Map.of(
        "shared-store.cluster.enabled", true, "shared-store.cluster.durability", "none",
        "shared-store.cluster.stable-after", "3s")));

    assertEquals(Duration.ofSeconds(3), effective.getDuration(SBR + ".stable-after"));
    assertEquals(List.of(), effective.getStringList("pekko.cluster.seed-nodes"));
    assertTrue(StoreCluster.create(effective).joinsItself());
  }

  @Test
  void theManagersSettingsWinOverPekkoKeysSetElsewhere() {
    Config effective = ManagerNode.effectiveConfig(withDefaults(Map.of(
        "shared-store.cluster.enabled", true, "shared-store.cluster.durability", "none",
        "pekko.cluster.roles", List.of("other"),
        SBR + ".active-strategy", "keep-oldest")));

    assertEquals(List.of("store"), effective.getStringList("pekko.cluster.roles"));
    assertEquals("keep-majority", effective.getString(SBR + ".active-strategy"));
  }

  @Test
  void aMalformedSeedNodeOrStableAfterInTheConfigIsABadValueNamingTheKey() {
    for (String seed : List.of("127.0.0.1", "127.0.0.1:0", "127.0.0.1:x", ":2551", "a b:1")) {
      ConfigException e = assertThrows(ConfigException.BadValue.class, () -> StoreCluster.create(
          withDefaults(Map.of("shared-store.cluster.seed-nodes", List.of(seed)))));
      assertTrue(e.getMessage().contains("shared-store.cluster.seed-nodes"), e.getMessage());
    }
    ConfigException e = assertThrows(ConfigException.BadValue.class, () -> StoreCluster.create(
        withDefaults(Map.of("shared-store.cluster.stable-after", "0s"))));
    assertTrue(e.getMessage().contains("shared-store.cluster.stable-after"), e.getMessage());
  }

  private static Config withDefaults(Map<String, Object> settings) {
    return ConfigFactory.parseMap(settings).withFallback(ConfigFactory.load());
  }
}
