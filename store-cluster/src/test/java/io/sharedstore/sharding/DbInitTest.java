package io.sharedstore.sharding;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.sharedstore.testsupport.PostgresServer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code db-init} against a real PostgreSQL server of the test's own. */
class DbInitTest {

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private int run(Map<String, Object> config, Map<String, String> environment, String... args) {
    out.reset();
    err.reset();
    return DbInit.run(args, DbInit.config(config), environment,
        new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  @Test
  void createsTheJournalTablesOnceAndAgainChangesNothing() throws Exception {
    assumeTrue(PostgresServer.missing().isEmpty(), () -> PostgresServer.missing().get());
    try (PostgresServer postgres = PostgresServer.start()) {
      Map<String, String> environment = Map.of(DbInit.PASSWORD_VARIABLE, postgres.password());
      Map<String, Object> config = Map.of("shared-store.cluster.jdbc.url", postgres.jdbcUrl(),
          "shared-store.cluster.jdbc.user", postgres.user());
      assertEquals(0, run(config, environment), err.toString(StandardCharsets.UTF_8));
      assertTrue(out.toString(StandardCharsets.UTF_8).contains("event_journal"));
      try (Connection connection = DriverManager.getConnection(postgres.jdbcUrl(),
          postgres.user(), postgres.password())) {
        assertEquals(List.of("event_journal", "event_tag", "snapshot"), tables(connection));
        connection.createStatement().execute("INSERT INTO event_journal (persistence_id,"
            + " sequence_number, deleted, writer, write_timestamp, adapter_manifest,"
            + " event_ser_id, event_ser_manifest, event_payload)"
            + " VALUES ('slot-1', 1, false, 'w', 0, '', 1, '', '\\x00')");
      }
      // Again, with the URL as a flag: nothing dropped, the row kept.
      assertEquals(0, run(Map.of(), environment, "--url", postgres.jdbcUrl(),
          "--user", postgres.user()), err.toString(StandardCharsets.UTF_8));
      try (Connection connection = DriverManager.getConnection(postgres.jdbcUrl(),
          postgres.user(), postgres.password());
          ResultSet rows = connection.createStatement()
              .executeQuery("SELECT count(*) FROM event_journal")) {
        rows.next();
        assertEquals(1, rows.getInt(1));
      }
      // A wrong password: the database's refusal, exit 1, nothing created.
      assertEquals(1, run(config, Map.of(DbInit.PASSWORD_VARIABLE, "wrong")));
      assertTrue(err.toString(StandardCharsets.UTF_8).contains("password"),
          err.toString(StandardCharsets.UTF_8));
    }
  }

  @Test
  void withoutAUrlOrWithAnUnknownFlagItIsBadUsage() {
    assertEquals(2, run(Map.of(), Map.of()));
    assertTrue(err.toString(StandardCharsets.UTF_8).contains("shared-store.cluster.jdbc.url"));
    assertEquals(2, run(Map.of(), Map.of(), "--nope"));
    assertEquals(2, run(Map.of(), Map.of(), "--url"));
    assertEquals(2, run(Map.of(), Map.of(), "--url", "jdbc:mysql://x/y"));
  }

  @Test
  void anUnreachableServerFailsWithExit1() throws Exception {
    int port;
    try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    assertEquals(1, run(Map.of(), Map.of(), "--url",
        "jdbc:postgresql://127.0.0.1:" + port + "/sharedstore"));
    assertTrue(err.toString(StandardCharsets.UTF_8).contains("127.0.0.1:" + port));
  }

  private static List<String> tables(Connection connection) throws SQLException {
    List<String> names = new ArrayList<>();
    try (ResultSet rows = connection.createStatement().executeQuery(
        "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'"
            + " ORDER BY table_name")) {
      while (rows.next()) {
        names.add(rows.getString(1));
      }
    }
    return names;
  }
}
