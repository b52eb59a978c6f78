package io.sharedstore.sharding;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.sharedstore.store.LibraryConfig;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;

/**
 * {@code bin/shared-store db-init [--url JDBC_URL] [--user USER]}: creates the tables of the
 * slots' journal ({@code event_journal}, {@code event_tag}, {@code snapshot}, Pekko Persistence
 * JDBC's) in the PostgreSQL database of {@code shared-store.cluster.jdbc}, in one transaction.
 * Running it again changes nothing (every statement is {@code IF NOT EXISTS}). The password
 * comes from the environment variable {@value #PASSWORD_VARIABLE}, never from a file or a flag.
 * Exit status: 0 done, 1 the database refused or could not be reached (its message printed), 2
 * bad usage or no URL.
 */
public final class DbInit {

  /** The environment variable holding the database password. */
  public static final String PASSWORD_VARIABLE = "SHARED_STORE_DB_PASSWORD";

  /** The schema, a resource of this module. */
  static final String SCHEMA = "/io/sharedstore/sharding/postgres-schema.sql";

  private static final String USAGE = "usage: db-init [--url JDBC_URL] [--user USER]"
      + " (password from $" + PASSWORD_VARIABLE + ")";

  private DbInit() {}

  /**
   * Runs it and exits with its status.
   *
   * @param args the flags
   */
  public static void main(String[] args) {
    System.exit(run(args, LibraryConfig.load(), System.getenv(), System.out, System.err));
  }

  /**
   * Creates the schema; answers the exit status.
   *
   * @param args {@code --url} and {@code --user}, overriding the config
   * @param config where {@code shared-store.cluster.jdbc} is read
   * @param environment where the password is read
   * @param out told what was done
   * @param err told why not
   * @return 0, 1 or 2 as the class says
   */
  static int run(String[] args, Config config, Map<String, String> environment, PrintStream out,
      PrintStream err) {
    Map<String, String> flags = new HashMap<>();
    for (int i = 0; i < args.length; i++) {
      String flag = args[i];
      if ((flag.equals("--url") || flag.equals("--user")) && i + 1 < args.length) {
        flags.put(flag, args[++i]);
      } else {
        err.println("db-init: unknown or incomplete flag " + flag + "; " + USAGE);
        return 2;
      }
    }
    Config jdbc = config.getConfig("shared-store.cluster.jdbc");
    String url = flags.getOrDefault("--url", jdbc.getString("url"));
    String user = flags.getOrDefault("--user", jdbc.getString("user"));
    if (url.isBlank()) {
      err.println("db-init: no database: set shared-store.cluster.jdbc.url or pass --url; "
          + USAGE);
      return 2;
    }
    if (!url.startsWith("jdbc:postgresql:")) {
      err.println("db-init: " + url + " is not a PostgreSQL JDBC URL (jdbc:postgresql://...)");
      return 2;
    }
    Properties login = new Properties();
    login.setProperty("user", user);
    String password = environment.get(PASSWORD_VARIABLE);
    if (password != null) {
      login.setProperty("password", password);
    }
    login.setProperty("connectTimeout", "10");
    try (Connection connection = DriverManager.getConnection(url, login)) {
      connection.setAutoCommit(false);
      try (Statement statement = connection.createStatement()) {
        statement.execute(schema());
        connection.commit();
      } catch (SQLException e) {
        connection.rollback();
        throw e;
      }
    } catch (SQLException e) {
      err.println("db-init: " + url + " as " + user + ": " + e.getMessage());
      return 1;
    }
    out.println("Created the journal's tables (event_journal, event_tag, snapshot) in " + url
        + " (those already there kept)");
    return 0;
  }

  /** The schema's SQL, every statement {@code IF NOT EXISTS}. */
  static String schema() {
    try (InputStream in = DbInit.class.getResourceAsStream(SCHEMA)) {
      if (in == null) {
        throw new IllegalStateException("the schema " + SCHEMA + " is not on the classpath");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The config of {@code overrides} over the library's (tests). */
  static Config config(Map<String, Object> overrides) {
    return ConfigFactory.parseMap(overrides).withFallback(LibraryConfig.load());
  }
}
