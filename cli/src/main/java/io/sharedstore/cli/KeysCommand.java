package io.sharedstore.cli;

import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code keys GLOB}: every matching key, one per line ({@code {"key":…}} per line with --json).
 * The client collects them all before printing, as Redis's KEYS; {@code scan} streams instead.
 */
@Command(
    name = "keys",
    description = "Prints every key matching GLOB, one per line (use scan for many keys).")
final class KeysCommand extends StoreCommand {

  @Parameters(paramLabel = "GLOB", description = "* any run, ? one character, \\ escapes")
  private String glob;

  @Override
  void execute(Session session) {
    List<String> keys = session.await(session.store().keys(glob, session.timeout()));
    KeyLines.print(session.output(), keys);
    if (keys.isEmpty()) {
      session.output().plainOnly(Output.EMPTY);
    }
  }
}
