package io.sharedstore.store;

import io.sharedstore.store.internal.Refusal;
import io.sharedstore.store.persistence.Journal;
import io.sharedstore.store.protocol.Command;
import io.sharedstore.store.protocol.Outcome;
import io.sharedstore.store.protocol.Replies;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.pekko.actor.typed.ActorRef;

/**
 * The journal's reports to its store, as messages to the store's mailbox (the journal calls its
 * listener on its own thread); a rotation's go to the store's {@link LogRewrite}.
 */
final class JournalReports implements Journal.Listener {

  /** The log is durable up to this revision. */
  record Durable(long revision) implements Command {}

  /** A write or fsync failed for the changes up to this revision. */
  record JournalFailed(long revision, String error, String cause) implements Command {}

  /** After a failure, the log is written and durable up to revision. */
  record DiskBack(long revision) implements Command {}

  private final ActorRef<Command> store;
  private final Journal journal;

  JournalReports(ActorRef<Command> store, Journal journal) {
    this.store = store;
    this.journal = journal;
  }

  @Override
  public void durable(long revision) {
    store.tell(new Durable(revision));
  }

  @Override
  public void failed(long revision, IOException error) {
    store.tell(new JournalFailed(revision, Refusal.PERSISTENCE.describe(
        "the change could not be made durable in " + journal.file() + ": "
            + error.getMessage()), error.getMessage()));
  }

  @Override
  public void recovered(long revision) {
    store.tell(new DiskBack(revision));
  }

  @Override
  public void rotated(long revision, Path log) {
    store.tell(new LogRewrite.Rotated(revision, log));
  }

  @Override
  public void rotationFailed(long revision, IOException error) {
    store.tell(new LogRewrite.RotationFailed(revision, String.valueOf(error.getMessage())));
  }

  /** The same answers, each failed with {@code error}. */
  static Replies failed(Replies message, String error) {
    List<Outcome> outcomes = new ArrayList<>(message.outcomes().size());
    for (Outcome outcome : message.outcomes()) {
      outcomes.add(Outcome.refused(outcome.id(), error));
    }
    return new Replies(outcomes);
  }
}
