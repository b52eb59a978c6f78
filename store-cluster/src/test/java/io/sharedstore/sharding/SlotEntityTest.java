package io.sharedstore.sharding;

import static io.sharedstore.sharding.SlotDriver.increment;
import static io.sharedstore.sharding.SlotDriver.set;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.sharedstore.store.StoreClock;
import io.sharedstore.store.protocol.Operation;
import io.sharedstore.store.protocol.Replies;
import io.sharedstore.store.protocol.Reply;
import io.sharedstore.testsupport.PostgresServer;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.LogCapturingExtension;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A slot with durability {@code journal} on a real PostgreSQL (its own server, the schema
 * {@code db-init} creates) through pekko-persistence-jdbc: the contract, then what survives a
 * stop, recovery from a snapshot and the events after it, and a persist failure.
 */
@ExtendWith(LogCapturingExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SlotEntityTest extends SlotContract {

  static final int SNAPSHOT_EVERY = 10;

  private PostgresServer postgres;
  private ActorTestKit testKit;
  private final AtomicInteger slots = new AtomicInteger(ThreadLocalRandom.current().nextInt(1000));

  @BeforeAll
  void startPostgresAndActorSystem() throws Exception {
    assumeTrue(PostgresServer.missing().isEmpty(), () -> PostgresServer.missing().get());
    postgres = PostgresServer.start();
    try (Connection connection = connect(); Statement statement = connection.createStatement()) {
      statement.execute(DbInit.schema());
    }
    testKit = ActorTestKit.create("SlotEntityTest", journalConfig(postgres));
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

  /** The plugin's settings pointing at {@code server} (as JdbcJournalSpikeTest's). */
  static Config journalConfig(PostgresServer server) {
    return ConfigFactory.parseMap(Map.of(
            SlotEntity.SNAPSHOT_EVERY, SNAPSHOT_EVERY,
            "pekko.persistence.journal.plugin", "jdbc-journal",
            "pekko.persistence.snapshot-store.plugin", "jdbc-snapshot-store",
            "jdbc-journal.use-shared-db", "slick",
            "jdbc-snapshot-store.use-shared-db", "slick",
            "pekko-persistence-jdbc.shared-databases.slick.profile", "slick.jdbc.PostgresProfile$",
            "pekko-persistence-jdbc.shared-databases.slick.db.url", server.jdbcUrl(),
            "pekko-persistence-jdbc.shared-databases.slick.db.user", server.user(),
            "pekko-persistence-jdbc.shared-databases.slick.db.password", server.password(),
            "pekko-persistence-jdbc.shared-databases.slick.db.driver", "org.postgresql.Driver"))
        .withFallback(ConfigFactory.parseString(
            "pekko-persistence-jdbc.shared-databases.slick.db {\n"
                + "  numThreads = 2\n"
                + "  maxConnections = 2\n"
                + "  minConnections = 1\n"
                + "}\n"))
        .withFallback(ConfigFactory.load());
  }

  private int nextSlot() {
    return slots.incrementAndGet();
  }

  @Override
  SlotDriver newSlot() {
    return slot(nextSlot());
  }

  private SlotDriver slot(int number) {
    return new SlotDriver(testKit, number, SETTINGS, SlotDurability.JOURNAL, StoreClock.system());
  }

  @Test
  void everyAcknowledgedWriteIsBackAfterAStop() {
    int number = nextSlot();
    SlotDriver slot = slot(number);
    slot.ok(set("a", "1"), increment("c", 2), increment("c", 3));
    slot.ok(set("b", "2"), new Operation.Delete("a"));
    slot.executeOk(increment("c", 10));
    long revision = slot.revision();
    assertEquals(6, revision);
    slot.stop().start();
    assertEquals(Optional.empty(), slot.text("a"));
    assertEquals(Optional.of("2"), slot.text("b"));
    assertEquals(Optional.of(15L), slot.counter("c"));
    assertEquals(revision, slot.revision());
    assertEquals(new Reply.Written(revision + 1), slot.ok(set("d", "3")).get(0));
  }

  @Test
  void readsAndWritesThatChangeNothingPersistNothing() throws SQLException {
    int number = nextSlot();
    SlotDriver slot = slot(number);
    slot.ok(set("a", "1"));
    assertEquals(1, events(number));
    slot.ok(new Operation.Get("a"), new Operation.Has("b"), new Operation.Delete("missing"),
        new Operation.GetStats());
    slot.executeOk(new Operation.Size());
    slot.executeOk(new Operation.Scan("*", "", 10));
    assertEquals(1, events(number), "nothing changed, nothing journaled");
    slot.ok(set("b", "2"), set("c", "3"));
    assertEquals(2, events(number), "one event per batch");
    assertEquals(1, seals(number), "the seal it wrote when it had recovered");
  }

  @Test
  void aSlotSealsEachRecoveryBeforeItServesSoALateWriterOfThePreviousOwnerIsRefused()
      throws Exception {
    int number = nextSlot();
    SlotDriver slot = slot(number);
    slot.ok(set("a", "1"));
    slot.stop().start();
    assertEquals(Optional.of("1"), slot.text("a"));
    assertEquals(2, seals(number), "one per recovery");
    // The previous owner's late write: the next sequence number after what this one recovered.
    try (Connection connection = connect();
        PreparedStatement late = connection.prepareStatement(
            "INSERT INTO event_journal (persistence_id, sequence_number, deleted, writer,"
                + " write_timestamp, adapter_manifest, event_ser_id, event_ser_manifest,"
                + " event_payload) SELECT persistence_id, 3, false, 'late', 0, '',"
                + " event_ser_id, event_ser_manifest, event_payload FROM event_journal"
                + " WHERE persistence_id = ? AND sequence_number = 2")) {
      late.setString(1, SlotEntity.persistenceId(number));
      SQLException refused = org.junit.jupiter.api.Assertions.assertThrows(SQLException.class,
          late::executeUpdate, "sequence number 3 is the seal's");
      assertTrue(refused.getMessage().contains("already exists"), refused.getMessage());
    }
    assertEquals(new Reply.Written(2), slot.ok(set("b", "2")).get(0));
  }

  @Test
  void aSlotPastSnapshotEveryRecoversFromItsSnapshotAndTheEventsAfterIt() throws Exception {
    int number = nextSlot();
    SlotDriver slot = slot(number);
    int batches = 2 * SNAPSHOT_EVERY + 5;
    for (int i = 1; i <= batches; i++) {
      slot.ok(set("k" + i, "v" + i), increment("n", 1));
    }
    slot.executeOk(new Operation.DeleteAll("k1*")); // k1, k10..k19: one more event
    slot.stop();
    try (Connection connection = connect()) {
      assertEquals(batches + 1, events(number));
      // two kept (snapshotEvery(N, 2)); the latest after event 20
      assertEquals("2 snapshots, the latest at 20", snapshots(connection, number));
      // Without the events the latest snapshot covers, the state can only come from it.
      try (PreparedStatement delete = connection.prepareStatement(
          "DELETE FROM event_journal WHERE persistence_id = ? AND sequence_number <= ?")) {
        delete.setString(1, SlotEntity.persistenceId(number));
        delete.setLong(2, 2L * SNAPSHOT_EVERY);
        assertEquals(2 * SNAPSHOT_EVERY, delete.executeUpdate());
      }
    }
    slot.start();
    assertEquals(Optional.of((long) batches), slot.counter("n"));
    assertEquals(Optional.of("v2"), slot.text("k2"));
    assertEquals(Optional.of("v25"), slot.text("k25"));
    assertEquals(Optional.empty(), slot.text("k1"));
    assertEquals(Optional.empty(), slot.text("k15"));
    assertEquals(new Reply.Count(batches - 11 + 1), slot.executeOk(new Operation.Size()));
    assertEquals(2L * batches + 11, slot.revision());
  }

  @Test
  void aReadSentWhileAWriteIsPersistedIsAnsweredAfterIt() {
    SlotDriver slot = newSlot();
    TestProbe<Replies> probe = testKit.createTestProbe();
    for (int i = 1; i <= 20; i++) {
      slot.ref().tell(SlotDriver.batchOf(probe.getRef(), set("k", "v" + i)));
      slot.ref().tell(SlotDriver.batchOf(probe.getRef(), new Operation.Get("k")));
    }
    for (int i = 1; i <= 20; i++) {
      assertEquals(Optional.of(new Reply.Written(i)),
          probe.receiveMessage(SlotDriver.WAIT).outcomes().get(0).reply(), "the write first");
      assertEquals(Optional.of(new Reply.Value(Optional.of(SlotDriver.cbor("v" + i)))),
          probe.receiveMessage(SlotDriver.WAIT).outcomes().get(0).reply(),
          "then the read (stashed while the write was persisted) sees it");
    }
  }

  @Test
  void aRetriedIncrementGetsItsFirstResultAfterRecovery() {
    int number = nextSlot();
    SlotDriver slot = slot(number);
    Reply first = slot.ok(increment("c", 5, "r1")).get(0);
    slot.ok(increment("c", 1));
    slot.stop().start();
    assertEquals(first, slot.ok(increment("c", 5, "r1")).get(0), "remembered in the journal");
    assertEquals(Optional.of(6L), slot.counter("c"));
    // and from a snapshot: enough events to pass one, then a stop
    for (int i = 0; i < SNAPSHOT_EVERY; i++) {
      slot.ok(increment("other", 1));
    }
    slot.stop().start();
    assertEquals(first, slot.ok(increment("c", 5, "r1")).get(0), "remembered in the snapshot");
    assertEquals(Optional.of(6L), slot.counter("c"));
  }

  @Test
  void aFailedPersistIsNeverAcknowledgedAndTheSlotRecoversWhenTheJournalIsBack()
      throws Exception {
    int number = nextSlot();
    SlotDriver slot = slot(number);
    slot.ok(set("before", "1"));
    TestProbe<Replies> lost = testKit.createTestProbe();
    try (Connection connection = connect(); Statement statement = connection.createStatement()) {
      statement.execute("ALTER TABLE event_journal RENAME TO event_journal_away");
      try {
        slot.ref().tell(SlotDriver.batchOf(lost.getRef(), set("lost", "2")));
        lost.expectNoMessage(Duration.ofSeconds(2));
      } finally {
        statement.execute("ALTER TABLE event_journal_away RENAME TO event_journal");
      }
    }
    // restarted with backoff, recovered from the journal: the unpersisted write is gone
    assertEquals(Optional.of("1"), slot.text("before"));
    assertEquals(Optional.empty(), slot.text("lost"));
    assertEquals(new Reply.Written(2), slot.ok(set("after", "3")).get(0));
    lost.expectNoMessage(Duration.ofMillis(100));
  }

  @Test
  void theSweepIsJournaledSoExpiredEntriesStayFreedAfterRecovery() throws Exception {
    int number = nextSlot();
    AtomicLong now = new AtomicLong(System.currentTimeMillis());
    SlotDriver slot =
        new SlotDriver(testKit, number, SETTINGS, SlotDurability.JOURNAL, now::get);
    slot.ok(new Operation.Set("t", SlotDriver.cbor("x"), OptionalLong.of(100)), set("kept", "y"));
    now.addAndGet(1_000);
    TestProbe<Object> probe = testKit.createTestProbe();
    probe.awaitAssert(Duration.ofSeconds(10), () -> {
      assertEquals(new Reply.Stats(1, 0, 3), slot.ok(new Operation.GetStats()).get(0),
          "freed by the sweep timer (every cleanup-interval), a revision of its own");
      return null;
    });
    assertEquals(2, events(number), "the batch, then the sweep");
    slot.stop().start();
    assertEquals(new Reply.Stats(1, 0, 3), slot.ok(new Operation.GetStats()).get(0));
  }

  @Test
  void recoveringManyKeysIsTimedInTheLog() {
    int number = nextSlot();
    SlotDriver slot = slot(number);
    int keys = 10_000;
    Operation<?>[] batch = new Operation<?>[500];
    for (int i = 0; i < keys; i += batch.length) {
      for (int j = 0; j < batch.length; j++) {
        batch[j] = set("key-" + (i + j), "value-" + (i + j));
      }
      slot.ok(batch);
    }
    slot.stop();
    long started = System.nanoTime();
    slot.start();
    assertEquals(Optional.of("value-9999"), slot.text("key-9999"));
    long millis = (System.nanoTime() - started) / 1_000_000;
    testKit.system().log().info("Recovered a slot of [{}] keys in [{}] batches in [{}] ms",
        keys, keys / batch.length, millis);
    assertEquals(new Reply.Count(keys), slot.executeOk(new Operation.Size()));
  }

  /** The slot's events with changes (not its seals, 0 bytes each). */
  private long events(int number) throws SQLException {
    return count(number, "octet_length(event_payload) > 0");
  }

  private long seals(int number) throws SQLException {
    return count(number, "octet_length(event_payload) = 0");
  }

  private long count(int number, String condition) throws SQLException {
    try (Connection connection = connect();
        PreparedStatement query = connection.prepareStatement(
            "SELECT count(*) FROM event_journal WHERE persistence_id = ? AND " + condition)) {
      query.setString(1, SlotEntity.persistenceId(number));
      try (ResultSet result = query.executeQuery()) {
        assertTrue(result.next());
        return result.getLong(1);
      }
    }
  }

  private static String snapshots(Connection connection, int number) throws SQLException {
    try (PreparedStatement query = connection.prepareStatement(
        "SELECT count(*), max(sequence_number) FROM snapshot WHERE persistence_id = ?")) {
      query.setString(1, SlotEntity.persistenceId(number));
      try (ResultSet result = query.executeQuery()) {
        assertTrue(result.next());
        return result.getLong(1) + " snapshots, the latest at " + result.getLong(2);
      }
    }
  }

  private Connection connect() throws SQLException {
    return DriverManager.getConnection(postgres.jdbcUrl(), postgres.user(), postgres.password());
  }
}
