package io.sharedstore.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What the CLI does before any store call: bad usage exits 2 with picocli's message and the
 * usage, --help exits 0, and an unreachable manager exits 1 with the client's message within the
 * connect-timeout (3 s in this module's surefire configuration).
 */
class CliUsageTest {

  @Test
  void withoutACommandAndWithoutInputItExits0WithoutConnecting() {
    CliRun run = CliRun.of("--manager", "127.0.0.1:1");
    assertEquals(0, run.exitCode(), run.toString());
    assertEquals("", run.out());
    assertEquals("", run.err());
  }

  @Test
  void thePromptsHelpAndBadLinesNeedNoManager() {
    CliRun run =
        CliRun.withInput("help\n\n--json\nset 'unclosed\nget\nquit\nget k\n",
            "--manager", "127.0.0.1:1");
    assertEquals(0, run.exitCode(), run.toString());
    assertTrue(run.out().startsWith("Usage: shared-store cli"), run.out());
    assertTrue(run.err().contains("a command is needed"), run.err());
    assertTrue(run.err().contains("unclosed ' starting at column 5"), run.err());
    assertTrue(run.err().contains("Missing required parameter: 'KEY'"), run.err());
    assertFalse(run.err().contains("unreachable"), "get k after quit ran: " + run.err());
  }

  @Test
  void anUnknownCommandExits2() {
    CliRun run = CliRun.of("fetch", "k");
    assertEquals(2, run.exitCode(), run.toString());
    assertTrue(run.err().contains("Unmatched argument"), run.err());
  }

  @Test
  void aMissingArgumentExits2() {
    CliRun run = CliRun.of("get");
    assertEquals(2, run.exitCode(), run.toString());
    assertTrue(run.err().contains("Missing required parameter: 'KEY'"), run.err());
  }

  @Test
  void aValueThatIsNotJsonExits2WithAHint() {
    CliRun run = CliRun.of("set", "k", "hello");
    assertEquals(2, run.exitCode(), run.toString());
    assertTrue(run.err().contains("not JSON: [hello]"), run.err());
    assertTrue(run.err().contains("a string needs quotes"), run.err());
  }

  @ParameterizedTest
  @ValueSource(strings = {"soon", "5 s", "1.5s", "5 fortnights"})
  void aDurationThatIsNotOneExits2(String duration) {
    CliRun run = CliRun.of("expire", "k", duration);
    assertEquals(2, run.exitCode(), run.toString());
    assertTrue(run.err().contains("not a duration"), run.err());
  }

  @Test
  void aCountThatIsNotANumberExits2() {
    CliRun run = CliRun.of("scan", "*", "--count", "many");
    assertEquals(2, run.exitCode(), run.toString());
  }

  /** Checked before connecting: the manager given does not exist, and is never waited for. */
  @ParameterizedTest
  @ValueSource(
      strings = {
        "stat --count 0", "stat --count -1", "stat --interval 0s", "stat --interval PT-1S",
        "latency --count 0", "latency --count 1000001", "latency --interval PT-0.001S"
      })
  void aCountOrIntervalOutOfItsRangeExits2BeforeConnecting(String command) {
    List<String> args = new ArrayList<>(List.of("--manager", "127.0.0.1:1"));
    args.addAll(List.of(command.split(" ")));
    CliRun run = CliRun.of(args.toArray(String[]::new));
    assertEquals(2, run.exitCode(), run.toString());
    assertTrue(run.err().contains(command.split(" ")[1] + " must"), run.err());
    assertFalse(run.err().contains("unreachable"), run.err());
  }

  @ParameterizedTest
  @ValueSource(strings = {"stat --interval -1s", "latency --interval -1s"})
  void aNegativeIntervalIsNoDurationAndExits2(String command) {
    CliRun run = CliRun.of(command.split(" "));
    assertEquals(2, run.exitCode(), run.toString());
    assertTrue(run.err().contains("not a duration: [-1s]"), run.err());
  }

  @Test
  @Timeout(30)
  void statAgainstAManagerThatNeverAnsweredExits1() throws IOException {
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    CliRun run = CliRun.of("--manager", "127.0.0.1:" + port, "stat", "--interval", "100ms");
    assertEquals(1, run.exitCode(), run.toString());
    assertEquals("", run.out(), "not even the header");
    assertTrue(run.err().contains("is unreachable"), run.err());
  }

  @Test
  void aManagerAddressThatIsNotHostAndPortExits2() {
    CliRun run = CliRun.of("--manager", "nohost", "size");
    assertEquals(2, run.exitCode(), run.toString());
    assertTrue(run.err().contains("HOST:PORT"), run.err());
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "get", "set", "del", "exists", "ttl", "expire", "persist", "incr", "keys", "scan", "size",
        "stat", "latency"
      })
  void everyCommandHasHelp(String command) {
    CliRun run = CliRun.of(command, "--help");
    assertEquals(0, run.exitCode(), run.toString());
    assertTrue(run.out().startsWith("Usage: shared-store cli " + command), run.out());
  }

  @Test
  void theCliHasHelpNamingEveryCommand() {
    CliRun run = CliRun.of("--help");
    assertEquals(0, run.exitCode(), run.toString());
    for (String command :
        new String[] {"get", "set", "del", "exists", "ttl", "expire", "persist", "incr", "keys",
          "scan", "size", "stat", "latency"}) {
      assertTrue(run.out().contains("\n  " + command + " "), command + " in " + run.out());
    }
  }

  @Test
  @Timeout(30)
  void anUnreachableManagerExits1WithTheClientsMessage() throws IOException {
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    String address = "127.0.0.1:" + port;
    CliRun run = CliRun.of("--manager", address, "get", "k");
    assertEquals(1, run.exitCode(), run.toString());
    assertEquals("", run.out());
    assertTrue(run.err().contains("the manager at " + address + " is unreachable"), run.err());
    assertTrue(run.err().contains("Connection refused"), run.err());
  }

  @Test
  @Timeout(30)
  void anUnreachableManagerWithJsonPrintsAnErrorDocument() throws IOException {
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    CliRun run = CliRun.of("--json", "--manager", "127.0.0.1:" + port, "size");
    assertEquals(1, run.exitCode(), run.toString());
    assertTrue(run.err().startsWith("{\"error\":\""), run.err());
    assertTrue(run.err().contains("unreachable"), run.err());
  }
}
