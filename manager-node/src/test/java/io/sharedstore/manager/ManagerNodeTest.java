package io.sharedstore.manager;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import io.sharedstore.store.protocol.Command;
import io.sharedstore.store.protocol.Execute;
import io.sharedstore.store.protocol.Operation;
import io.sharedstore.store.protocol.Reply;
import org.apache.pekko.pattern.StatusReply;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorRefResolver;
import org.apache.pekko.actor.typed.ActorSystem;
import org.junit.jupiter.api.Test;

/** The manager starts on loopback with the store at its well-known path, and checks its input. */
class ManagerNodeTest {

  @Test
  void startsOnLoopbackWithTheStoreAtUserStore() {
    ActorSystem<Void> manager =
        ManagerNode.start(
            ConfigFactory.parseMap(Map.of("shared-store.manager.port", 0))
                .withFallback(ConfigFactory.load()));
    try {
      assertEquals("shared-store", manager.name());
      assertEquals("127.0.0.1", manager.address().getHost().get());
      int port = (Integer) manager.address().getPort().get();
      assertTrue(port > 0);

      ActorRef<Command> store =
          ActorRefResolver.get(manager)
              .resolveActorRef("pekko://shared-store@127.0.0.1:" + port + "/user/store");
      TestProbe<StatusReply<Reply.Stats>> probe = TestProbe.create(manager);
      store.tell(new Execute<>(new Operation.GetStats(), probe.getRef()));
      assertEquals(new Reply.Stats(0, 0, 0),
          probe.receiveMessage(Duration.ofSeconds(10)).getValue());
    } finally {
      ActorTestKit.shutdown(manager);
    }
  }

  @Test
  void aFrameTooSmallForTheLargestValueStopsTheStart() {
    ConfigException e =
        assertThrows(
            ConfigException.class,
            () ->
                ManagerNode.start(
                    ConfigFactory.parseMap(
                            Map.of(
                                "shared-store.manager.port", 0,
                                "shared-store.max-value-size", "4 MiB"))
                        .withFallback(ConfigFactory.load())));
    assertTrue(e.getMessage().contains("maximum-frame-size"), e.getMessage());
  }

  @Test
  void aStartFailureIsOneLineWithItsRootCause() {
    assertEquals(
        "cannot listen on [h:1]: Address already in use",
        ManagerNode.reason(new CannotListenException("cannot listen on [h:1]: Address already in use",
            new java.net.BindException("Address already in use"))));
    assertEquals(
        "Failed to bind TCP to [127.0.0.1:1] (Address already in use)",
        ManagerNode.reason(
            new IllegalStateException(
                "Failed to bind TCP\n  to [127.0.0.1:1]",
                new RuntimeException(new java.net.BindException("Address already in use")))));
    assertEquals(
        "java.lang.IllegalStateException", ManagerNode.reason(new IllegalStateException()));
  }

  @Test
  void flagsOverrideHostAndPort() {
    assertEquals(
        Map.of("shared-store.manager.host", "0.0.0.0", "shared-store.manager.port", 4242),
        CommandLine.overrides(new String[] {"--host", "0.0.0.0", "--port", "4242"}));
    assertEquals(Map.of(), CommandLine.overrides(new String[0]));
  }

  @Test
  void dataDirAndRepairFlagsSetThePersistenceSettings() {
    assertEquals(
        Map.of("shared-store.persistence.dir", "/var/lib/store",
            "shared-store.persistence.on-corruption", "truncate"),
        CommandLine.overrides(new String[] {"--data-dir", "/var/lib/store", "--repair"}));
    assertEquals(Map.of("shared-store.persistence.dir", "d"),
        CommandLine.overrides(new String[] {"--data-dir", "d"}));
  }

  @Test
  void clusterAndSeedNodesFlagsSetTheClusterSettings() {
    assertEquals(Map.of("shared-store.cluster.enabled", true),
        CommandLine.overrides(new String[] {"--cluster"}));
    assertEquals(
        Map.of("shared-store.cluster.enabled", true,
            "shared-store.cluster.seed-nodes", List.of("127.0.0.1:2551", "node-2:2552")),
        CommandLine.overrides(
            new String[] {"--seed-nodes", "127.0.0.1:2551, node-2:2552", "--cluster"}));
  }

  @Test
  void malformedSeedNodesOrSeedNodesWithoutClusterAreRefused() {
    for (String seeds : List.of("", "127.0.0.1", "127.0.0.1:", "127.0.0.1:0", "h:65536", "h:x",
        ":2551", "h:1,", "h:1,,h:2", "pekko://shared-store@h:1")) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> CommandLine.overrides(new String[] {"--cluster", "--seed-nodes", seeds}));
      assertTrue(e.getMessage().startsWith("--seed-nodes must be HOST:PORT,HOST:PORT,...: "),
          e.getMessage());
      assertTrue(e.getMessage().contains("usage: manager"), e.getMessage());
    }
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> CommandLine.overrides(new String[] {"--seed-nodes", "127.0.0.1:2551"}));
    assertTrue(e.getMessage().startsWith("--seed-nodes needs --cluster; usage: manager"),
        e.getMessage());
  }

  @Test
  void badFlagsAreRefusedWithTheUsage() {
    for (String[] args :
        new String[][] {{"--port"}, {"--port", "abc"}, {"--port", "70000"}, {"--verbose", "x"}}) {
      IllegalArgumentException e =
          assertThrows(IllegalArgumentException.class, () -> CommandLine.overrides(args));
      assertTrue(e.getMessage().contains("--") || e.getMessage().contains("usage"), e.getMessage());
    }
  }
}
