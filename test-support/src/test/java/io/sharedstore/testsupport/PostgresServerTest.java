package io.sharedstore.testsupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A real PostgreSQL server from the machine's packages: started, used over JDBC as the test role,
 * stopped, its port and directory released. Skipped (with the reason) where the programs are
 * missing.
 */
class PostgresServerTest {

  @BeforeAll
  static void postgresInstalled() {
    Assumptions.assumeTrue(
        PostgresServer.missing().isEmpty(), () -> PostgresServer.missing().orElse(""));
  }

  @Test
  void storesAndReadsRowsThenReleasesPortAndDirectory() throws Exception {
    int port;
    Path directory;
    try (PostgresServer postgres = PostgresServer.start()) {
      port = postgres.port();
      directory = postgres.directory();
      assertTrue(Files.isDirectory(directory), "the cluster's directory exists while it runs");
      try (Connection connection =
          DriverManager.getConnection(postgres.jdbcUrl(), postgres.user(), postgres.password())) {
        try (Statement statement = connection.createStatement()) {
          statement.execute("CREATE TABLE entry (key TEXT PRIMARY KEY, value BIGINT NOT NULL)");
        }
        try (PreparedStatement insert =
            connection.prepareStatement("INSERT INTO entry (key, value) VALUES (?, ?)")) {
          for (int i = 0; i < 3; i++) {
            insert.setString(1, "key-" + i);
            insert.setLong(2, i * 10L);
            insert.addBatch();
          }
          insert.executeBatch();
        }
        assertEquals(List.of("key-0=0", "key-1=10", "key-2=20"), rows(connection));
        assertEquals(PostgresServer.DATABASE, connection.getCatalog());
      }
    }
    assertTrue(portIsFree(port), "port " + port + " is free after close");
    assertFalse(Files.exists(directory), directory + " is deleted after close");
  }

  @Test
  void refusesAWrongPassword() {
    try (PostgresServer postgres = PostgresServer.start()) {
      SQLException refused =
          assertThrows(
              SQLException.class,
              () -> DriverManager.getConnection(postgres.jdbcUrl(), postgres.user(), "wrong"));
      assertTrue(
          refused.getMessage().contains("password authentication failed"), refused.getMessage());
    }
  }

  @Test
  void closeTwiceIsHarmless() {
    PostgresServer postgres = PostgresServer.start();
    postgres.close();
    postgres.close();
    assertFalse(Files.exists(postgres.directory()));
  }

  @Test
  void aJvmStoppedWithoutCloseStopsItsServer() throws Exception {
    Pattern started = Pattern.compile("started port=(\\d+) directory=(\\S+)");
    int port;
    Path directory;
    long postmaster;
    try (JvmProcess child =
        JvmProcess.start(
            "postgres-child",
            List.of(System.getProperty("java.class.path").split(File.pathSeparator)),
            List.of(),
            PostgresServerInChildJvm.class.getName(),
            List.of(),
            line -> {})) {
      Matcher where = child.awaitLine(started, Duration.ofSeconds(90));
      port = Integer.parseInt(where.group(1));
      directory = Path.of(where.group(2));
      postmaster =
          Long.parseLong(Files.readAllLines(directory.resolve("data/postmaster.pid")).get(0).trim());
      assertTrue(ProcessHandle.of(postmaster).isPresent(), "the server runs");
      child.signal("TERM");
      assertTrue(child.waitFor(Duration.ofSeconds(60)).isPresent(), child.tail(20));
    }
    assertTrue(ProcessHandle.of(postmaster).isEmpty(), "the shutdown hook stopped the server");
    assertTrue(portIsFree(port), "port " + port + " is free");
    assertFalse(Files.exists(directory), directory + " is deleted");
  }

  private static List<String> rows(Connection connection) throws SQLException {
    List<String> rows = new ArrayList<>();
    try (Statement statement = connection.createStatement();
        ResultSet result = statement.executeQuery("SELECT key, value FROM entry ORDER BY key")) {
      while (result.next()) {
        rows.add(result.getString(1) + "=" + result.getLong(2));
      }
    }
    return rows;
  }

  private static boolean portIsFree(int port) {
    try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getByName("127.0.0.1"))) {
      return true;
    } catch (IOException e) {
      return false;
    }
  }
}
