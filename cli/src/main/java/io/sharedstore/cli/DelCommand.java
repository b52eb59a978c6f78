package io.sharedstore.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code del KEY...}: removes the keys and prints how many existed. */
@Command(name = "del", description = "Removes the keys; prints how many existed.")
final class DelCommand extends StoreCommand {

  @Parameters(arity = "1..*", paramLabel = "KEY", description = "the keys")
  private List<String> keys;

  @Override
  void execute(Session session) {
    List<CompletionStage<Boolean>> deletes = new ArrayList<>(keys.size());
    for (String key : keys) {
      deletes.add(session.store().delete(key, session.timeout()));
    }
    long deleted = 0;
    for (CompletionStage<Boolean> delete : deletes) {
      if (session.await(delete)) {
        deleted++;
      }
    }
    session.output().result(Long.toString(deleted), Output.document().put("deleted", deleted));
  }
}
