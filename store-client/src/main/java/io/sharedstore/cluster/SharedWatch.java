package io.sharedstore.cluster;

import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;

/**
 * One registration on the manager shared by the watches of one client on the same glob that
 * start from the present and consume on delivery (listeners, near caches): the manager sends, and
 * the client decodes, each change once per client rather than once per watch. The registration
 * is a {@link WatchHandle} of its own, which the {@link WatchHub} registers, resumes and resets
 * like any other; this sink hands what it gets to every watch attached, in order. A watch that
 * joins a confirmed registration starts after the revision the registration has delivered;
 * one that joins before the confirmation starts with it.
 *
 * <p>Owned by the hub's thread.
 */
final class SharedWatch implements WatchSink {

  private final List<WatchHandle> members = new ArrayList<>();
  private final Logger log;
  private WatchHandle registration;

  SharedWatch(Logger log) {
    this.log = log;
  }

  void registration(WatchHandle registration) {
    this.registration = registration;
  }

  WatchHandle registration() {
    return registration;
  }

  /** Attaches {@code member}; started at once if the registration is. */
  void join(WatchHandle member) {
    member.shared = this;
    members.add(member);
    if (registration.everStarted && registration.confirmed) {
      member.start(registration.resumeFrom);
    }
  }

  /** Detaches {@code member}; true if none is left (then the registration should end). */
  boolean leave(WatchHandle member) {
    members.remove(member);
    return members.isEmpty();
  }

  List<WatchHandle> members() {
    return List.copyOf(members);
  }

  @Override
  public void deliver(StoreEvent event) {
    boolean reset = event instanceof StoreEvent.Reset;
    for (WatchHandle member : members) {
      if (member.isClosed() || !member.everStarted
          || (!reset && event.revision() <= member.resumeFrom)) {
        continue; // a reset may go back: a new store's revisions start again
      }
      member.resumeFrom = event.revision();
      member.revision(event.revision());
      try {
        member.sink.deliver(event);
      } catch (RuntimeException e) {
        log.error("A watch listener of [{}] failed on {}; the watch goes on", member.glob, event,
            e);
      }
    }
  }

  @Override
  public void advanced(long revision) {
    for (WatchHandle member : members) {
      if (member.everStarted && revision > member.resumeFrom) {
        member.resumeFrom = revision;
        member.revision(revision);
      }
    }
  }

  @Override
  public void live(long revision) {
    for (WatchHandle member : members) {
      if (!member.everStarted) {
        member.start(revision);
      } else {
        member.sink.live(revision);
      }
    }
  }

  @Override
  public void suspended() {
    members.forEach(member -> member.sink.suspended());
  }

  @Override
  public void ended(StoreException failure) {
    for (WatchHandle member : members) {
      member.endedByHub();
      member.ended(failure);
    }
    members.clear();
  }
}
