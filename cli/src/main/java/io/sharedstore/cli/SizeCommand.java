package io.sharedstore.cli;

import picocli.CommandLine.Command;

/** {@code size}: the number of live keys (Redis's DBSIZE). */
@Command(name = "size", description = "Prints the number of keys in the store.")
final class SizeCommand extends StoreCommand {

  @Override
  void execute(Session session) {
    long size = session.await(session.store().size(session.timeout()));
    session.output().result(Long.toString(size), Output.document().put("size", size));
  }
}
