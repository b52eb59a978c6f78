package io.sharedstore.manager;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.util.HashMap;
import java.util.Map;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.LoggingTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The manager listens beyond loopback only with TLS and mutual authentication, or when the
 * operator explicitly allows insecure remote access (with a warning). Config only: nothing binds.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RemoteAccessTest {

  private static final Logger log = LoggerFactory.getLogger(RemoteAccessTest.class);

  private final ActorTestKit testKit = ActorTestKit.create();

  @AfterAll
  void shutdown() {
    testKit.shutdownTestKit();
  }

  @Test
  void loopbackWithoutTlsIsAllowedQuietly() {
    LoggingTestKit.warn("INSECURE")
        .withOccurrences(0)
        .expect(testKit.system(), () -> {
          RemoteAccess.check(config("127.0.0.1", Map.of()), log);
          RemoteAccess.check(config("localhost", Map.of()), log);
          RemoteAccess.check(config("::1", Map.of()), log);
          return null;
        });
  }

  @Test
  void aNonLoopbackHostWithoutTlsIsRefusedNamingTheHostAndTheWayOut() {
    InsecureRemoteException e =
        assertThrows(
            InsecureRemoteException.class,
            () -> RemoteAccess.check(config("0.0.0.0", Map.of()), log));
    String message = e.getMessage();
    assertTrue(message.contains("[0.0.0.0]"), message);
    assertTrue(message.contains("pekko.remote.artery.transport = tcp"), message);
    assertTrue(message.contains("shared-store.allow-insecure-remote = on"), message);
    assertTrue(message.contains("config/tls.conf"), message);
  }

  @Test
  void aNonLoopbackBindHostnameIsRefusedEvenWithALoopbackCanonicalHost() {
    assertThrows(
        InsecureRemoteException.class,
        () ->
            RemoteAccess.check(
                config("127.0.0.1", Map.of("pekko.remote.artery.bind.hostname", "0.0.0.0")), log));
  }

  @Test
  void allowingInsecureRemoteStartsWithAWarning() {
    LoggingTestKit.warn("INSECURE: the manager listens on [0.0.0.0]")
        .expect(testKit.system(), () -> {
          RemoteAccess.check(
              config("0.0.0.0", Map.of("shared-store.allow-insecure-remote", "on")), log);
          return null;
        });
  }

  @Test
  void tlsWithMutualAuthenticationMayListenAnywhere() {
    LoggingTestKit.warn("INSECURE")
        .withOccurrences(0)
        .expect(testKit.system(), () -> {
          RemoteAccess.check(config("0.0.0.0", Map.of("pekko.remote.artery.transport", "tls-tcp")), log);
          return null;
        });
  }

  @Test
  void tlsWithoutMutualAuthenticationIsRefused() {
    Map<String, Object> oneWayTls = new HashMap<>();
    oneWayTls.put("pekko.remote.artery.transport", "tls-tcp");
    oneWayTls.put("pekko.remote.artery.ssl.config-ssl-engine.require-mutual-authentication", "off");
    InsecureRemoteException e =
        assertThrows(
            InsecureRemoteException.class, () -> RemoteAccess.check(config("0.0.0.0", oneWayTls), log));
    assertTrue(e.getMessage().contains("require-mutual-authentication = off"), e.getMessage());
  }

  @Test
  void theManagerRefusesBeforeItBinds() {
    assertThrows(
        InsecureRemoteException.class,
        () ->
            ManagerNode.start(
                ConfigFactory.parseMap(
                        Map.of("shared-store.manager.host", "0.0.0.0", "shared-store.manager.port", 0))
                    .withFallback(ConfigFactory.load())));
  }

  @Test
  void theManagerRefusesOneWayTlsBeforeItBinds() {
    Map<String, Object> settings = new HashMap<>();
    settings.put("shared-store.manager.host", "0.0.0.0");
    settings.put("shared-store.manager.port", 0);
    settings.put("pekko.remote.artery.transport", "tls-tcp");
    settings.put("pekko.remote.artery.ssl.config-ssl-engine.require-mutual-authentication", "off");
    assertThrows(
        InsecureRemoteException.class,
        () -> ManagerNode.start(ConfigFactory.parseMap(settings).withFallback(ConfigFactory.load())));
  }

  @Test
  void aHostThatDoesNotResolveCountsAsNotLoopback() {
    assertDoesNotThrow(() -> RemoteAccess.check(config("127.0.0.1", Map.of()), log));
    assertThrows(
        InsecureRemoteException.class,
        () -> RemoteAccess.check(config("no-such-host.invalid", Map.of()), log));
  }

  /** The manager's effective config for {@code host}, with {@code overrides}. */
  private static Config config(String host, Map<String, Object> overrides) {
    Map<String, Object> settings = new HashMap<>(overrides);
    settings.put("pekko.remote.artery.canonical.hostname", host);
    return ConfigFactory.parseMap(settings).withFallback(ConfigFactory.load()).resolve();
  }
}
