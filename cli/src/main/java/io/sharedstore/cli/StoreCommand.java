package io.sharedstore.cli;

import io.sharedstore.cluster.StoreException;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

/**
 * A command that talks to the store: it runs in the invocation's {@link Session} and maps the
 * outcome to the exit code: 0 done, 1 the store reported a {@link StoreException} (its message
 * printed), 2 an argument out of its range ({@link #checkUsage}, before connecting) or one the
 * client refused before sending (an empty key, a bad glob, a TTL under 1 ms).
 */
@Command(mixinStandardHelpOptions = true)
abstract class StoreCommand implements Callable<Integer> {

  @ParentCommand private Cli cli;

  @Override
  public final Integer call() {
    Output output = cli.output();
    try {
      checkUsage();
      execute(cli.session());
      return CommandLine.ExitCode.OK;
    } catch (StoreException e) {
      output.error(e.getMessage());
      return CommandLine.ExitCode.SOFTWARE;
    } catch (IllegalArgumentException e) {
      output.error(e.getMessage());
      return CommandLine.ExitCode.USAGE;
    }
  }

  /**
   * Checks the arguments that picocli cannot, before connecting: bad usage exits 2 without
   * waiting for the manager. Nothing to check by default.
   *
   * @throws IllegalArgumentException if an argument is out of its range
   */
  void checkUsage() {}

  /**
   * Runs the command and prints its result.
   *
   * @throws StoreException if the store reports a failure
   * @throws IllegalArgumentException if the client refuses an argument
   */
  abstract void execute(Session session);
}
