package io.sharedstore.cli;

import io.sharedstore.cluster.StoreException;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

/**
 * A command that talks to the store: it runs in the invocation's {@link Session} and maps the
 * outcome to the exit code: 0 done, 1 the store reported a {@link StoreException} (its message
 * printed), 2 an argument the client refused before sending (an empty key, a bad glob, a TTL
 * under 1 ms).
 */
@Command(mixinStandardHelpOptions = true)
abstract class StoreCommand implements Callable<Integer> {

  @ParentCommand private Cli cli;

  @Override
  public final Integer call() {
    Output output = cli.output();
    try {
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
   * Runs the command and prints its result.
   *
   * @throws StoreException if the store reports a failure
   * @throws IllegalArgumentException if the client refuses an argument
   */
  abstract void execute(Session session);
}
