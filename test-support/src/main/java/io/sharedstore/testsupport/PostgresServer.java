package io.sharedstore.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.UserPrincipal;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A PostgreSQL server of its own for one test run: the machine's binaries (Debian's {@code
 * postgresql} package), a fresh cluster made by {@code initdb} in a temporary directory, listening
 * on a free loopback port only, with a database {@code sharedstore} owned by a login role {@code
 * sharedstore} that has a random password (TCP connections must give it: scram-sha-256).
 *
 * <p>PostgreSQL refuses to run as root: when the JVM is root, every PostgreSQL program runs as the
 * system user {@code postgres} ({@code runuser -u postgres}, or {@code su} where {@code runuser}
 * is missing) and the temporary directory belongs to that user; otherwise it runs as the current
 * user. No system-wide server is used or touched.
 *
 * <p>{@link #close()} stops the server ({@code pg_ctl -m fast stop}, then SIGKILL if it lingers)
 * and deletes the directory; a JVM shutdown hook does the same if the JVM ends first. Use it in
 * try-with-resources or an {@code @AfterAll}. The data is lost when it closes; {@code fsync} is
 * off (the tests kill our JVMs, never the machine).
 *
 * <pre>{@code
 * Assumptions.assumeTrue(PostgresServer.missing().isEmpty(), () -> PostgresServer.missing().get());
 * try (PostgresServer postgres = PostgresServer.start()) {
 *   DriverManager.getConnection(postgres.jdbcUrl(), postgres.user(), postgres.password());
 * }
 * }</pre>
 */
public final class PostgresServer implements AutoCloseable {

  /** The database and the login role every server has. */
  public static final String DATABASE = "sharedstore";

  private static final String SUPERUSER = "postgres";
  private static final String SYSTEM_USER = "postgres";
  private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(90);
  private static final Duration KILL_WAIT = Duration.ofSeconds(10);
  private static final int START_ATTEMPTS = 3;
  private static final SecureRandom RANDOM = new SecureRandom();

  private final PostgresBinaries binaries;
  private final Path directory;
  private final Path dataDirectory;
  private final int port;
  private final String password;
  private final Thread shutdownHook;
  private boolean closed;

  private PostgresServer(PostgresBinaries binaries, Path directory, int port, String password) {
    this.binaries = binaries;
    this.directory = directory;
    this.dataDirectory = directory.resolve("data");
    this.port = port;
    this.password = password;
    this.shutdownHook = new Thread(this::stopAndDelete, "stop PostgreSQL on port " + port);
  }

  /**
   * Why no server can be started here: the PostgreSQL programs ({@code initdb}, {@code pg_ctl},
   * {@code psql}) were not found, or the JVM is root and there is no {@code postgres} user to run
   * them as. Empty when {@link #start()} can be tried.
   */
  public static Optional<String> missing() {
    Optional<PostgresBinaries> binaries = PostgresBinaries.find();
    if (binaries.isEmpty()) {
      return Optional.of(PostgresBinaries.NOT_FOUND);
    }
    if (PostgresBinaries.runningAsRoot() && systemUser().isEmpty()) {
      return Optional.of(
          "the JVM runs as root and PostgreSQL refuses root, but there is no user '"
              + SYSTEM_USER
              + "' to run it as");
    }
    return Optional.empty();
  }

  /**
   * Makes a new cluster in a fresh temporary directory and starts it on a free loopback port,
   * waiting until it accepts connections, with the database and role {@value #DATABASE}.
   *
   * @throws IllegalStateException if the programs are missing (see {@link #missing()}) or a step
   *     fails (the message carries the program's output and the server log's end); nothing is
   *     left running and the directory is deleted
   */
  public static PostgresServer start() {
    missing().ifPresent(reason -> {
      throw new IllegalStateException("cannot start PostgreSQL: " + reason);
    });
    PostgresBinaries binaries = PostgresBinaries.find().orElseThrow();
    IllegalStateException lastFailure = null;
    for (int attempt = 1; attempt <= START_ATTEMPTS; attempt++) {
      PostgresServer server = create(binaries);
      Runtime.getRuntime().addShutdownHook(server.shutdownHook);
      try {
        server.initialize();
        server.startServer();
        server.createDatabase();
        return server;
      } catch (RuntimeException e) {
        server.close();
        if (!(e instanceof PortTakenException portTaken)) {
          throw e;
        }
        // Another process bound the port between our probe and the server's bind: a new port.
        lastFailure = portTaken;
      }
    }
    throw lastFailure;
  }

  private static PostgresServer create(PostgresBinaries binaries) {
    Path directory;
    try {
      directory = Files.createTempDirectory("sharedstore-pg-");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot make PostgreSQL's temporary directory", e);
    }
    try {
      if (PostgresBinaries.runningAsRoot()) {
        Files.setOwner(directory, systemUser().orElseThrow());
      }
      byte[] secret = new byte[16];
      RANDOM.nextBytes(secret);
      String password = HexFormat.of().formatHex(secret);
      return new PostgresServer(binaries, directory, freeLoopbackPort(), password);
    } catch (IOException | RuntimeException e) {
      try {
        TreeDeletion.delete(directory);
      } catch (IOException suppressed) {
        e.addSuppressed(suppressed);
      }
      throw new IllegalStateException("cannot prepare " + directory + " for PostgreSQL", e);
    }
  }

  /** {@code jdbc:postgresql://127.0.0.1:PORT/sharedstore}. */
  public String jdbcUrl() {
    return "jdbc:postgresql://127.0.0.1:" + port + "/" + DATABASE;
  }

  /** The login role that owns the database: {@value #DATABASE}. */
  public String user() {
    return DATABASE;
  }

  /** The role's password, random per server. */
  public String password() {
    return password;
  }

  /** The loopback TCP port the server listens on. */
  public int port() {
    return port;
  }

  /** The temporary directory holding the cluster, its socket and its log; gone after close. */
  public Path directory() {
    return directory;
  }

  /** Stops the server and deletes its directory; a second call does nothing. */
  @Override
  public void close() {
    stopAndDelete();
    try {
      Runtime.getRuntime().removeShutdownHook(shutdownHook);
    } catch (IllegalStateException e) {
      // The JVM is shutting down: the hook is running or ran already.
    }
  }

  @Override
  public String toString() {
    return "PostgreSQL on 127.0.0.1:" + port + " in " + directory;
  }

  private void initialize() {
    Path passwordFile = directory.resolve("superuser-password");
    writeOwnedFile(passwordFile, password + "\n");
    run(
        binaries.program("initdb"),
        "--pgdata=" + dataDirectory,
        "--username=" + SUPERUSER,
        "--pwfile=" + passwordFile,
        // The socket lives in our own mode-700 directory: local connections may trust.
        "--auth-local=trust",
        "--auth-host=scram-sha-256",
        "--encoding=UTF8",
        "--locale=C",
        "--no-sync");
    String settings =
        String.join(
            "\n",
            "",
            "# written by io.sharedstore.testsupport.PostgresServer",
            "port = " + port,
            "listen_addresses = '127.0.0.1'",
            "unix_socket_directories = '" + directory + "'",
            "fsync = off",
            "");
    appendOwnedFile(dataDirectory.resolve("postgresql.conf"), settings);
  }

  private void startServer() {
    try {
      run(
          binaries.program("pg_ctl"),
          "start",
          "--wait",
          "--timeout=" + COMMAND_TIMEOUT.toSeconds(),
          "--pgdata=" + dataDirectory,
          "--log=" + logFile());
    } catch (IllegalStateException e) {
      if (serverLog().contains("Address already in use")) {
        throw new PortTakenException(e.getMessage());
      }
      throw e;
    }
  }

  private void createDatabase() {
    run(
        binaries.program("psql"),
        "--no-psqlrc",
        "--quiet",
        "--set=ON_ERROR_STOP=1",
        "--host=" + directory,
        "--port=" + port,
        "--username=" + SUPERUSER,
        "--dbname=postgres",
        "--command=CREATE ROLE " + DATABASE + " LOGIN PASSWORD '" + password + "'",
        "--command=CREATE DATABASE " + DATABASE + " OWNER " + DATABASE);
  }

  private synchronized void stopAndDelete() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      if (Files.exists(dataDirectory.resolve("postmaster.pid"))) {
        stopServer();
      }
    } finally {
      deleteDirectory();
    }
  }

  private void stopServer() {
    Optional<Long> pid = postmasterPid();
    try {
      run(
          binaries.program("pg_ctl"),
          "stop",
          "--mode=fast",
          "--wait",
          "--timeout=30",
          "--pgdata=" + dataDirectory);
    } catch (RuntimeException e) {
      System.err.println("pg_ctl stop failed, killing the server: " + e.getMessage());
    }
    pid.flatMap(ProcessHandle::of).ifPresent(PostgresServer::kill);
  }

  private static void kill(ProcessHandle postmaster) {
    List<ProcessHandle> children = postmaster.descendants().toList();
    postmaster.destroyForcibly();
    children.forEach(ProcessHandle::destroyForcibly);
    try {
      postmaster.onExit().get(KILL_WAIT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (Exception e) {
      System.err.println("PostgreSQL (pid " + postmaster.pid() + ") did not exit: " + e);
    }
  }

  private Optional<Long> postmasterPid() {
    try {
      List<String> lines = Files.readAllLines(dataDirectory.resolve("postmaster.pid"));
      return lines.isEmpty() ? Optional.empty() : Optional.of(Long.parseLong(lines.get(0).trim()));
    } catch (IOException | NumberFormatException e) {
      return Optional.empty();
    }
  }

  private void deleteDirectory() {
    try {
      TreeDeletion.delete(directory);
    } catch (IOException e) {
      System.err.println("could not delete " + directory + ": " + e);
    }
  }

  private void run(String... command) {
    try {
      PostgresCommand.run(List.of(command), directory, COMMAND_TIMEOUT);
    } catch (IllegalStateException e) {
      throw new IllegalStateException(e.getMessage() + serverLogEnd(), e);
    }
  }

  private Path logFile() {
    return directory.resolve("server.log");
  }

  private String serverLog() {
    try {
      return Files.exists(logFile()) ? Files.readString(logFile()) : "";
    } catch (IOException e) {
      return "";
    }
  }

  private String serverLogEnd() {
    String log = serverLog();
    if (log.isEmpty()) {
      return "";
    }
    return "\nend of " + logFile() + ":\n" + log.substring(Math.max(0, log.length() - 4000));
  }

  private void writeOwnedFile(Path file, String text) {
    try {
      Files.writeString(file, text, StandardCharsets.UTF_8);
      if (PostgresBinaries.runningAsRoot()) {
        Files.setOwner(file, systemUser().orElseThrow());
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }

  private static void appendOwnedFile(Path file, String text) {
    try {
      // Appending keeps the file's owner (postgres) and mode.
      Files.writeString(file, text, StandardCharsets.UTF_8, StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot append to " + file, e);
    }
  }

  private static Optional<UserPrincipal> systemUser() {
    try {
      return Optional.of(
          Path.of("/")
              .getFileSystem()
              .getUserPrincipalLookupService()
              .lookupPrincipalByName(SYSTEM_USER));
    } catch (IOException | UnsupportedOperationException e) {
      return Optional.empty();
    }
  }

  private static int freeLoopbackPort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      return socket.getLocalPort();
    }
  }

  /** The server could not bind its port: another process took it after we probed it. */
  private static final class PortTakenException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    PortTakenException(String message) {
      super(message);
    }
  }
}
