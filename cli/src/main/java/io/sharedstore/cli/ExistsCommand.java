package io.sharedstore.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code exists KEY}: 1 if the key is present, else 0. */
@Command(name = "exists", description = "Prints 1 if KEY exists, else 0.")
final class ExistsCommand extends StoreCommand {

  @Parameters(paramLabel = "KEY", description = "the key")
  private String key;

  @Override
  void execute(Session session) {
    boolean exists = session.await(session.store().has(key, session.timeout()));
    session.output().result(
        exists ? "1" : "0", Output.document().put("key", key).put("exists", exists));
  }
}
