package io.sharedstore.systemtests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.sharedstore.cluster.ClusterClient;
import io.sharedstore.cluster.StoreClient;
import io.sharedstore.cluster.StoreException;
import io.sharedstore.testsupport.JvmProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * A manager JVM running config/tls.conf with the certificates of {@code bin/shared-store
 * gen-certs}: a cluster with a certificate from the same CA reads and writes; a cluster with a
 * certificate from another CA, and a cluster without TLS, can do neither, and the manager logs
 * the refused connection.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TlsTest {

  /** The first call on a fresh TLS connection may take long on a loaded machine. */
  private static final Duration FIRST_CALL = Duration.ofSeconds(20);

  /** A refused cluster's operations fail after this, not the default 5 s. */
  private static final Duration REFUSED_CALL = Duration.ofSeconds(2);

  private Path tmp;
  private GenCerts trusted;
  private GenCerts stranger;
  private JvmProcess manager;
  private String address;
  private ClusterClient cluster;

  @BeforeAll
  void makeCertificatesAndStartTheManager() throws Exception {
    tmp = Files.createTempDirectory("shared-store-tls");
    List<GenCerts> made = GenCerts.into(List.of(tmp.resolve("trusted"), tmp.resolve("stranger")));
    trusted = made.get(0);
    stranger = made.get(1);
    manager =
        ManagerJvm.start(
            "tls manager",
            trusted.jvmOptions("manager"),
            List.of("--host", "127.0.0.1", "--port", "0"));
    address = ManagerJvm.awaitListening(manager);
    cluster = ClusterClient.connect(1, address, trusted.clientConfig("cluster"));
    // The first TLS connection (key stores, SSL context, JIT) is slow on a loaded machine: make
    // it here, so the refused clients below are refused, not merely slow.
    Stages.result(cluster.store().set("tls:warm-up", true, FIRST_CALL));
  }

  @AfterAll
  void stopAndCleanUp() throws IOException {
    try {
      if (cluster != null) {
        cluster.close();
      }
    } finally {
      if (manager != null) {
        manager.close();
      }
      deleteTree(tmp);
    }
  }

  @Test
  void aClusterWithACertificateFromTheTrustedCaReadsAndWrites() {
    StoreClient store = cluster.store();
    assertEquals("tls-tcp", cluster.system().settings().config().getString("pekko.remote.artery.transport"));

    Stages.result(store.set("tls:greeting", "hello", FIRST_CALL));

    assertEquals(Optional.of("hello"), Stages.result(store.get("tls:greeting", String.class)));
  }

  @Test
  void aClusterWithACertificateFromAnotherCaCanNeitherReadNorWrite() throws Exception {
    // It does not trust the manager either: it gives up on the manager's certificate first.
    assertRefused(2, stranger.clientConfig("cluster"), "tls:stranger", "certificate_unknown");
  }

  @Test
  void aClusterThatTrustsTheManagerButHasACertificateFromAnotherCaIsRefusedByTheManager()
      throws Exception {
    Map<String, String> variables = new HashMap<>(stranger.variables("cluster"));
    Map<String, String> trusting = trusted.variables("cluster");
    for (String name :
        List.of("SHARED_STORE_TLS_TRUST_STORE", "SHARED_STORE_TLS_TRUST_STORE_PASSWORD")) {
      variables.put(name, trusting.get(name));
    }
    Config config =
        ConfigFactory.parseMap(variables)
            .withFallback(ConfigFactory.parseFile(GenCerts.tlsConf().toFile()))
            .withFallback(ConfigFactory.load())
            .resolve();
    // The manager checks the certificate itself.
    assertRefused(4, config, "tls:impostor", "PKIX path validation failed");
  }

  @Test
  void aClusterWithoutTlsCanNeitherReadNorWrite() throws Exception {
    assertRefused(3, ConfigFactory.load(), "tls:plain", "Unrecognized SSL message");
  }

  /**
   * A client with {@code config} fails to write {@code key} and to read, within the short
   * timeout; the key is not stored, and the manager logs a refused connection mentioning {@code
   * logged}.
   */
  private void assertRefused(int clusterId, Config config, String key, String logged)
      throws Exception {
    int linesBefore = manager.lines().size();
    Pattern refused =
        Pattern.compile(
            "WARN .*Refused an inbound connection: TLS handshake failed.*" + Pattern.quote(logged));
    try (ClusterClient intruder = ClusterClient.connect(clusterId, address, config)) {
      StoreClient store = intruder.store();
      long start = System.nanoTime();
      CompletionStage<?> write = store.set(key, "mine", REFUSED_CALL);
      CompletionStage<?> read = store.get("tls:greeting", REFUSED_CALL);
      Stages.failure(write, StoreException.class);
      Stages.failure(read, StoreException.class);
      Duration took = Duration.ofNanos(System.nanoTime() - start);
      assertTrue(took.compareTo(REFUSED_CALL.multipliedBy(3)) < 0, "refused calls took " + took);

      // While the intruder keeps trying (Artery retries), the manager logs why it refuses it.
      Optional<Duration> seen =
          Poll.until(
              Duration.ofSeconds(20),
              () -> {
                List<String> lines = manager.lines();
                return lines.subList(linesBefore, lines.size()).stream()
                    .anyMatch(line -> refused.matcher(line).find());
              });
      assertTrue(
          seen.isPresent(),
          "the manager logged no line matching [" + refused + "]; its output:\n" + manager.tail(20));
    }

    assertFalse(Stages.result(cluster.store().has(key, FIRST_CALL)), "the refused write was stored");
  }

  private static void deleteTree(Path root) throws IOException {
    if (root == null || !Files.exists(root)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(path);
      }
    }
  }
}
