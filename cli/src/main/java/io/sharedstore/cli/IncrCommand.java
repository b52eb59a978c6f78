package io.sharedstore.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code incr KEY [DELTA]}: adds DELTA (default 1, negative to subtract); prints the new value. */
@Command(
    name = "incr",
    description = "Adds DELTA (default 1) to the integer under KEY; prints the new value.")
final class IncrCommand extends StoreCommand {

  @Parameters(index = "0", paramLabel = "KEY", description = "the key (missing counts as 0)")
  private String key;

  @Parameters(
      index = "1",
      arity = "0..1",
      paramLabel = "DELTA",
      defaultValue = "1",
      description = "the amount to add (default: ${DEFAULT-VALUE})")
  private long delta;

  @Override
  void execute(Session session) {
    long value = session.await(session.store().increment(key, delta, session.timeout()));
    session.output().result(
        Long.toString(value), Output.document().put("key", key).put("value", value));
  }
}
