package io.sharedstore.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code persist KEY}: removes a key's TTL; 1 if it had one, else 0. */
@Command(name = "persist", description = "Removes the TTL of KEY; prints 1 if it had one, else 0.")
final class PersistCommand extends StoreCommand {

  @Parameters(paramLabel = "KEY", description = "the key")
  private String key;

  @Override
  void execute(Session session) {
    boolean applied = session.await(session.store().persist(key, session.timeout()));
    session.output().result(
        applied ? "1" : "0", Output.document().put("key", key).put("applied", applied));
  }
}
