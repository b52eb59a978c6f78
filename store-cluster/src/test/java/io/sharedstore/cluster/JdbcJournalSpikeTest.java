package io.sharedstore.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.sharedstore.testsupport.PostgresServer;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.LogCapturingExtension;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The question, answered on a real PostgreSQL: pekko-persistence-jdbc 1.1.1 (the newest
 * this machine's repository serves; built against Pekko 1.1.3, its Pekko dependencies raised to
 * the BOM's 1.7.0) works as the journal and snapshot store of a Pekko 1.7 {@code
 * EventSourcedBehavior}: 100 events and a snapshot are written to {@code event_journal} and
 * {@code snapshot} (our {@code postgres.sql}), and a new incarnation recovers 100 from the
 * snapshot plus the later events, and from the events alone.
 *
 * <p>The keys that make it work: {@code pekko.persistence.journal.plugin = "jdbc-journal"},
 * {@code pekko.persistence.snapshot-store.plugin = "jdbc-snapshot-store"}, both with {@code
 * use-shared-db = "slick"}, and {@code pekko-persistence-jdbc.shared-databases.slick} with {@code
 * profile = "slick.jdbc.PostgresProfile$"} and {@code db { url, user, password, driver =
 * "org.postgresql.Driver", numThreads = maxConnections }}.
 */
@ExtendWith(LogCapturingExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class JdbcJournalSpikeTest {

  private static final int EVENTS = 100;
  private static final Duration FIRST_WRITE = Duration.ofSeconds(30);

  private PostgresServer postgres;
  private ActorTestKit testKit;

  @BeforeAll
  void startPostgresAndActorSystem() throws Exception {
    Assumptions.assumeTrue(
        PostgresServer.missing().isEmpty(), () -> PostgresServer.missing().orElse(""));
    postgres = PostgresServer.start();
    try (Connection connection = connect(); Statement statement = connection.createStatement()) {
      statement.execute(schema());
    }
    testKit = ActorTestKit.create("JdbcJournalSpikeTest", journalConfig(postgres));
  }

  @AfterAll
  void stopActorSystemAndPostgres() {
    try {
      if (testKit != null) {
        testKit.shutdownTestKit();
      }
    } finally {
      if (postgres != null) {
        postgres.close();
      }
    }
  }

  /** The plugin's settings pointing at {@code server}; the keys are the plugin's reference.conf. */
  static Config journalConfig(PostgresServer server) {
    return ConfigFactory.parseMap(
            Map.of(
                "pekko.persistence.journal.plugin", "jdbc-journal",
                "pekko.persistence.snapshot-store.plugin", "jdbc-snapshot-store",
                "jdbc-journal.use-shared-db", "slick",
                "jdbc-snapshot-store.use-shared-db", "slick",
                "pekko-persistence-jdbc.shared-databases.slick.profile", "slick.jdbc.PostgresProfile$",
                "pekko-persistence-jdbc.shared-databases.slick.db.url", server.jdbcUrl(),
                "pekko-persistence-jdbc.shared-databases.slick.db.user", server.user(),
                "pekko-persistence-jdbc.shared-databases.slick.db.password", server.password(),
                "pekko-persistence-jdbc.shared-databases.slick.db.driver", "org.postgresql.Driver"))
        .withFallback(
            ConfigFactory.parseString(
                "pekko-persistence-jdbc.shared-databases.slick.db {\n"
                    + "  numThreads = 2\n"
                    + "  maxConnections = 2\n"
                    + "  minConnections = 1\n"
                    + "}\n"))
        .withFallback(ConfigFactory.load());
  }

  @Test
  void persistsEventsAndASnapshotAndRecoversFromThem() throws Exception {
    String id = "counter-" + UUID.randomUUID();
    TestProbe<Long> replies = testKit.createTestProbe();
    TestProbe<Long> snapshots = testKit.createTestProbe();

    ActorRef<SpikeCounter.Command> counter =
        testKit.spawn(SpikeCounter.create(id, snapshots.ref()));
    for (int i = 0; i < EVENTS; i++) {
      counter.tell(new SpikeCounter.Increment(replies.ref()));
    }
    replies.expectMessage(FIRST_WRITE, 1L);
    for (long value = 2; value <= EVENTS; value++) {
      replies.expectMessage(value);
    }
    snapshots.expectMessage(SpikeCounter.SNAPSHOT_AT);
    testKit.stop(counter);

    try (Connection connection = connect()) {
      assertEquals("100 events, 1..100", journalSummary(connection, id));
      assertEquals(SpikeCounter.SNAPSHOT_AT, snapshotSequenceNumber(connection, id));
    }

    assertEquals(EVENTS, valueAfterRecovery(SpikeCounter.fromEventsOnly(id), replies));
    assertEquals(EVENTS, valueAfterRecovery(SpikeCounter.create(id), replies));

    // Without the events the snapshot covers, 100 can only come from snapshot + events 61..100.
    try (Connection connection = connect();
        PreparedStatement delete =
            connection.prepareStatement(
                "DELETE FROM event_journal WHERE persistence_id = ? AND sequence_number <= ?")) {
      delete.setString(1, id);
      delete.setLong(2, SpikeCounter.SNAPSHOT_AT);
      assertEquals(SpikeCounter.SNAPSHOT_AT, delete.executeUpdate());
    }
    ActorRef<SpikeCounter.Command> recovered = testKit.spawn(SpikeCounter.create(id));
    recovered.tell(new SpikeCounter.Get(replies.ref()));
    replies.expectMessage(FIRST_WRITE, (long) EVENTS);
    recovered.tell(new SpikeCounter.Increment(replies.ref()));
    replies.expectMessage(EVENTS + 1L);
    testKit.stop(recovered);
    try (Connection connection = connect()) {
      assertEquals("41 events, 61..101", journalSummary(connection, id));
    }
  }

  @Test
  void anotherPersistenceIdStartsEmpty() {
    TestProbe<Long> replies = testKit.createTestProbe();
    long value =
        valueAfterRecovery(SpikeCounter.create("counter-" + UUID.randomUUID()), replies);
    assertEquals(0, value);
  }

  private long valueAfterRecovery(
      org.apache.pekko.actor.typed.Behavior<SpikeCounter.Command> behavior,
      TestProbe<Long> replies) {
    ActorRef<SpikeCounter.Command> counter = testKit.spawn(behavior);
    counter.tell(new SpikeCounter.Get(replies.ref()));
    long value = replies.receiveMessage(FIRST_WRITE);
    testKit.stop(counter);
    return value;
  }

  private static String journalSummary(Connection connection, String id) throws SQLException {
    try (PreparedStatement query =
        connection.prepareStatement(
            "SELECT count(*), min(sequence_number), max(sequence_number),"
                + " bool_and(NOT deleted AND writer <> '' AND octet_length(event_payload) > 0)"
                + " FROM event_journal WHERE persistence_id = ?")) {
      query.setString(1, id);
      try (ResultSet result = query.executeQuery()) {
        assertTrue(result.next());
        assertTrue(result.getBoolean(4), "every row has a writer and a payload, none deleted");
        return result.getLong(1) + " events, " + result.getLong(2) + ".." + result.getLong(3);
      }
    }
  }

  private static long snapshotSequenceNumber(Connection connection, String id)
      throws SQLException {
    try (PreparedStatement query =
        connection.prepareStatement(
            "SELECT sequence_number FROM snapshot WHERE persistence_id = ?")) {
      query.setString(1, id);
      try (ResultSet result = query.executeQuery()) {
        assertTrue(result.next(), "a snapshot row");
        long sequenceNumber = result.getLong(1);
        assertFalse(result.next(), "one snapshot row");
        return sequenceNumber;
      }
    }
  }

  private Connection connect() throws SQLException {
    return DriverManager.getConnection(postgres.jdbcUrl(), postgres.user(), postgres.password());
  }

  private static String schema() throws IOException {
    String resource = "/io/sharedstore/sharding/postgres-schema.sql";
    try (InputStream in = JdbcJournalSpikeTest.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IOException("no " + resource + " on the class path");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
