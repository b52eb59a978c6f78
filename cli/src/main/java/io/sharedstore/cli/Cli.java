package io.sharedstore.cli;

import com.typesafe.config.Config;
import io.sharedstore.store.LibraryConfig;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.Callable;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code bin/shared-store cli}: a redis-cli for the store. Each invocation connects to the
 * manager like a cluster node (the same configuration, so the same TLS settings), runs one
 * command, prints its result and exits: 0 on success (a missing key prints {@code (nil)}), 1 when
 * the operation failed (the store's message on stderr), 2 on bad usage. Without a command it
 * reads commands from stdin, one per line, over one connection (a prompt on a terminal) until
 * {@code quit} or the end of the input.
 */
@Command(
    name = "shared-store cli",
    mixinStandardHelpOptions = true,
    versionProvider = CliVersion.class,
    description = "Looks at and changes the keys of a running Shared Store manager.",
    subcommands = {
      GetCommand.class, SetCommand.class, DelCommand.class, ExistsCommand.class,
      TtlCommand.class, ExpireCommand.class, PersistCommand.class, IncrCommand.class,
      KeysCommand.class, ScanCommand.class, SizeCommand.class, InfoCommand.class,
      StatCommand.class, LatencyCommand.class, WatchCommand.class
    })
public final class Cli implements Callable<Integer> {

  @Option(
      names = "--manager",
      paramLabel = "HOST:PORT",
      description = "the manager to connect to (default: shared-store.manager.host and port"
          + " from the configuration)")
  private String manager;

  @Option(names = "--json", description = "print every result as one JSON document per line")
  private boolean json;

  @Option(
      names = "--timeout",
      paramLabel = "DURATION",
      converter = DurationConverter.class,
      description = "how long each call waits for the manager, e.g. 2s or 500ms (default:"
          + " shared-store.client.timeout)")
  private Duration timeout;

  private final Config config;
  private final PrintStream out;
  private final PrintStream err;
  private Output output;
  private Session session;
  private Prompt prompt;

  private Cli(Config config, PrintStream out, PrintStream err) {
    this.config = config;
    this.out = out;
    this.err = err;
  }

  /**
   * Runs the command line and exits the JVM with its exit code.
   *
   * @param args the command and its arguments, e.g. {@code get user:1}
   */
  public static void main(String[] args) {
    System.exit(run(args, System.in, System.out, System.err));
  }

  /**
   * Runs one command line: parses it, connects to the manager if the command needs it, prints
   * the result to {@code out} (errors and usage problems to {@code err}) and closes the
   * connection again.
   *
   * @param args the global options, the command and its arguments
   * @param out where results go
   * @param err where errors and usage messages go
   * @return the exit code: 0 success, 1 the operation failed, 2 bad usage
   */
  public static int run(String[] args, PrintStream out, PrintStream err) {
    return run(args, System.in, out, err);
  }

  /**
   * As {@link #run(String[], PrintStream, PrintStream)}; without a command, the commands are
   * read from {@code in}, one per line, until {@code quit} or its end.
   *
   * @param args the global options, the command and its arguments
   * @param in where commands are read from when {@code args} holds none
   * @param out where results go
   * @param err where errors and usage messages go
   * @return the exit code: 0 success (always, after reading commands from {@code in}), 1 the
   *     operation failed, 2 bad usage
   */
  public static int run(String[] args, InputStream in, PrintStream out, PrintStream err) {
    // Logging starts here, on one thread: started by the ActorSystem's threads at once, SLF4J
    // prints a warning about replaying their early calls on every run.
    LoggerFactory.getILoggerFactory();
    Cli cli = new Cli(LibraryConfig.load(), out, err);
    CommandLine line = new CommandLine(cli);
    line.setOut(new PrintWriter(out, true));
    line.setErr(new PrintWriter(err, true));
    cli.prompt = new Prompt(line, args, in, out, in == System.in && System.console() != null);
    try {
      return line.execute(args);
    } finally {
      cli.closeSession();
    }
  }

  /**
   * Without a command: reads commands from the input, each line run with this invocation's
   * global options. A line without a command (only options) is a usage error of its own.
   */
  @Override
  public Integer call() {
    if (prompt.isRunning()) {
      err.println("shared-store cli: a command is needed (quit ends the input)");
      return CommandLine.ExitCode.USAGE;
    }
    return prompt.run(managerAddress() + "> ");
  }

  /** The connection the commands of this invocation share, made on first use. */
  Session session() {
    if (session == null) {
      session = Session.open(managerAddress(), callTimeout(), config, output());
    }
    return session;
  }

  /** Where results and errors are printed, plain or as JSON. */
  Output output() {
    if (output == null) {
      output = new Output(out, err, json);
    }
    return output;
  }

  private String managerAddress() {
    if (manager != null) {
      return manager;
    }
    return config.getString("shared-store.manager.host") + ":"
        + config.getInt("shared-store.manager.port");
  }

  private Duration callTimeout() {
    return timeout != null ? timeout : config.getDuration("shared-store.client.timeout");
  }

  private void closeSession() {
    if (session != null) {
      session.close();
      session = null;
    }
  }
}
