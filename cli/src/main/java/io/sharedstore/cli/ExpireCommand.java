package io.sharedstore.cli;

import java.time.Duration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code expire KEY 30s}: gives a live key a new TTL; 1 if it did, 0 if the key is missing. */
@Command(name = "expire", description = "Gives KEY a new time to live; prints 1, or 0 if missing.")
final class ExpireCommand extends StoreCommand {

  @Parameters(index = "0", paramLabel = "KEY", description = "the key")
  private String key;

  @Parameters(
      index = "1",
      paramLabel = "DURATION",
      converter = DurationConverter.class,
      description = "the new time to live, e.g. 30s (a bare number: seconds)")
  private Duration ttl;

  @Override
  void execute(Session session) {
    boolean applied = session.await(session.store().expire(key, ttl, session.timeout()));
    session.output().result(
        applied ? "1" : "0", Output.document().put("key", key).put("applied", applied));
  }
}
