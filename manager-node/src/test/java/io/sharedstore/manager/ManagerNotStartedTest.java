package io.sharedstore.manager;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sharedstore.store.StoreActor;
import io.sharedstore.store.engine.Change;
import io.sharedstore.store.persistence.ChangeCodec;
import io.sharedstore.store.persistence.LogChannel;
import io.sharedstore.store.persistence.RecordLog;
import io.sharedstore.store.persistence.RecordLogWriter;
import io.sharedstore.store.protocol.Bytes;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A manager that cannot start says why in one line, {@code Shared store manager not started:
 * …}, with no stack trace, and exits with 1: each case runs the manager's main in a JVM of its
 * own, with the manager's own logback.xml, as {@code bin/shared-store manager} does.
 */
class ManagerNotStartedTest {

  private static final long EXIT_WITHIN_SECONDS = ManagerMain.EXIT_WITHIN_SECONDS;
  private static final Pattern STACK_TRACE =
      Pattern.compile("^\\s+at |^Caused by|Exception in thread|^\\s+\\.\\.\\. \\d+ (common )?frames");

  @TempDir Path dir;

  @Test
  void aPortInUse() throws Exception {
    try (ServerSocket taken = new ServerSocket()) {
      taken.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
      int port = taken.getLocalPort();

      String line = notStarted(List.of(), Map.of(), "--port", Integer.toString(port));

      assertTrue(
          line.contains("cannot listen on [127.0.0.1:" + port + "]: Address already in use"), line);
    }
  }

  @Test
  void anUnknownHost() throws Exception {
    String line = notStarted(List.of(), Map.of(), "--host", "no-such-host.invalid", "--port", "0");

    assertTrue(line.contains("cannot listen on [no-such-host.invalid:0]: unknown host"), line);
  }

  @Test
  void aHostThatIsNotOfThisMachine() throws Exception {
    // 192.0.2.1 is TEST-NET-1 (RFC 5737): never an address of this machine.
    String line = notStarted(List.of(), Map.of(), "--host", "192.0.2.1", "--port", "0");

    assertTrue(line.contains("cannot listen on [192.0.2.1:0]: Cannot assign requested address"), line);
  }

  @Test
  void aMissingKeyStoreWithTheOperatorsTlsConfig() throws Exception {
    Path tlsConf = Path.of("..", "config", "tls.conf").toAbsolutePath().normalize();
    assertTrue(Files.exists(tlsConf), tlsConf.toString());
    Path absent = dir.resolve("manager.p12");
    Map<String, String> environment =
        Map.of(
            "SHARED_STORE_TLS_KEY_STORE", absent.toString(),
            "SHARED_STORE_TLS_KEY_STORE_PASSWORD", "secret",
            "SHARED_STORE_TLS_TRUST_STORE", dir.resolve("truststore.p12").toString(),
            "SHARED_STORE_TLS_TRUST_STORE_PASSWORD", "secret");

    String line =
        notStarted(List.of("-Dconfig.file=" + tlsConf), environment, "--port", "0");

    assertTrue(line.contains("key-store': no such file [" + absent + "]"), line);
  }

  @Test
  void aLogWithABadRecordBeforeItsEnd() throws Exception {
    Path data = dir.resolve("data");
    Files.createDirectories(data);
    Path log = data.resolve(StoreActor.LOG_FILE);
    try (RecordLogWriter writer = RecordLogWriter.open(LogChannel.open(log))) {
      for (int i = 1; i <= 3; i++) {
        writer.append(ChangeCodec.encode(List.of(new Change.Written(
            "k" + i, i, Bytes.wrap(new byte[] {(byte) i}), OptionalLong.empty()))));
      }
      writer.force();
    }
    byte[] content = Files.readAllBytes(log);
    int first = ByteBuffer.wrap(content, RecordLog.HEADER_BYTES, 4).getInt();
    int second = RecordLog.HEADER_BYTES + RecordLog.FRAME_BYTES + first;
    content[second + RecordLog.FRAME_BYTES] ^= 0x01;
    Files.write(log, content);

    String line = notStarted(List.of(), Map.of(), "--port", "0", "--data-dir", data.toString());

    assertTrue(line.contains(log + " has a bad record at offset " + second), line);
    assertTrue(line.contains("--repair"), line);
  }

  @Test
  void aDataDirectoryAnotherManagerHolds() throws Exception {
    Path data = dir.resolve("held");
    Path firstOutput = dir.resolve("first.out");
    Process first = new ProcessBuilder(ManagerMain.command(List.of(), "--port", "0", "--data-dir",
        data.toString())).redirectErrorStream(true).redirectOutput(firstOutput.toFile()).start();
    try {
      awaitListening(first, firstOutput);

      String line = notStarted(List.of(), Map.of(), "--port", "0", "--data-dir", data.toString());

      assertTrue(line.contains("data directory " + data.toRealPath() + " is in use"), line);
      assertTrue(line.contains("(process " + first.pid() + ")"), line);
      assertTrue(first.isAlive(), "the first manager keeps running:\n"
          + Files.readString(firstOutput));
    } finally {
      first.destroy();
      if (!first.waitFor(EXIT_WITHIN_SECONDS, TimeUnit.SECONDS)) {
        first.destroyForcibly();
      }
    }
  }

  /** Waits until the manager writing to {@code output} says it listens; fails if it exits. */
  private static void awaitListening(Process manager, Path output)
      throws IOException, InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(EXIT_WITHIN_SECONDS);
    while (!Files.readString(output).contains("Shared store manager listening on ")) {
      assertTrue(manager.isAlive(), "the first manager exited:\n" + Files.readString(output));
      assertTrue(System.nanoTime() < deadline, "the first manager did not start:\n"
          + Files.readString(output));
      // Polls another process's output: no actor or test clock can tell when it is written.
      manager.waitFor(50, TimeUnit.MILLISECONDS);
    }
  }

  /**
   * Runs the manager with these JVM options, environment and flags, expects exit code 1 and one
   * line of output, the not-started line without a stack trace, and answers it.
   */
  private String notStarted(List<String> jvmOptions, Map<String, String> environment, String... args)
      throws IOException, InterruptedException {
    ManagerMain.Exit exit = ManagerMain.run(dir, jvmOptions, environment, args);
    String all = exit.output();
    assertEquals(1, exit.code(), "exit code; output:\n" + all);
    List<String> lines = exit.lines();
    assertTrue(lines.stream().noneMatch(line -> STACK_TRACE.matcher(line).find()), all);
    assertEquals(1, lines.size(), "one line expected:\n" + all);
    String line = lines.get(0);
    assertTrue(line.contains("ERROR") && line.contains("Shared store manager not started: "), line);
    return line;
  }
}
