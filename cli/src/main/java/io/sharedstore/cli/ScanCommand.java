package io.sharedstore.cli;

import io.sharedstore.cluster.ScanPage;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code scan GLOB [--count N]}: every matching key, one per line, fetched a page of at most N
 * keys at a time and printed as each page arrives, so the CLI never holds more than one page.
 */
@Command(
    name = "scan",
    description = "Prints every key matching GLOB, one per line, page by page as they arrive.")
final class ScanCommand extends StoreCommand {

  @Parameters(paramLabel = "GLOB", description = "* any run, ? one character, \\ escapes")
  private String glob;

  @Option(
      names = "--count",
      paramLabel = "N",
      defaultValue = "1000",
      description = "the most keys per page, 1 to 100000 (default: ${DEFAULT-VALUE})")
  private int count;

  @Override
  void execute(Session session) {
    String cursor = "";
    long printed = 0;
    do {
      ScanPage page = session.await(session.store().scan(glob, cursor, count, session.timeout()));
      KeyLines.print(session.output(), page.keys());
      printed += page.keys().size();
      cursor = page.cursor();
    } while (!cursor.isEmpty());
    if (printed == 0) {
      session.output().plainOnly(Output.EMPTY);
    }
  }
}
