package io.sharedstore.store.watch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sharedstore.store.engine.Change;
import io.sharedstore.store.internal.Glob;
import io.sharedstore.store.protocol.Bytes;
import io.sharedstore.store.protocol.Reply;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.function.Predicate;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/**
 * The history alone: one unbroken run of revisions, the oldest evicted past the count and the
 * byte bound, pages of matching changes, and a gap (or ahead) when the asked revision is not
 * held.
 */
class ChangeHistoryTest {

  private static final Predicate<String> ALL = key -> true;
  private static final WatchSettings ROOMY = new WatchSettings(1000, Long.MAX_VALUE);

  private static Change.Written written(String key, long revision, int valueBytes) {
    return new Change.Written(key, revision, Bytes.wrap(new byte[valueBytes]),
        OptionalLong.empty());
  }

  /** Records {@code count} writes of {@code key + i}, revisions from {@code from}. */
  private static void writes(ChangeHistory history, String key, long from, int count) {
    List<Change> changes = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      changes.add(written(key + (from + i), from + i, 1));
    }
    history.record(changes);
  }

  private static List<Long> revisions(ChangeHistory.Since since) {
    return ((ChangeHistory.Page) since).changes().stream().map(Change::revision).toList();
  }

  private static List<Long> range(long from, long to) {
    return LongStream.rangeClosed(from, to).boxed().toList();
  }

  @Test
  void aNewHistoryIsEmptyAtItsStartRevisionAndAnswersAnEmptyPageFromIt() {
    ChangeHistory fresh = new ChangeHistory(ROOMY);
    assertEquals(0, fresh.latestRevision());
    assertEquals(1, fresh.oldestRevision());
    assertEquals(new ChangeHistory.Page(List.of(), 0, false), fresh.since(0, ALL, 10));

    ChangeHistory afterSnapshot = new ChangeHistory(ROOMY, 41);
    assertEquals(42, afterSnapshot.oldestRevision());
    assertEquals(new ChangeHistory.Page(List.of(), 41, false), afterSnapshot.since(41, ALL, 10));
    assertEquals(new ChangeHistory.Gap(42), afterSnapshot.since(40, ALL, 10),
        "revision 41 is the snapshot's: its change is not held");
    writes(afterSnapshot, "k", 42, 3);
    assertEquals(range(42, 44), revisions(afterSnapshot.since(41, ALL, 10)));
  }

  @Test
  void rememberedResultsAreSkippedAndTakeNoRevision() {
    ChangeHistory history = new ChangeHistory(ROOMY);
    Change.Written write = written("n", 1, 1);
    Change.Remembered remembered =
        new Change.Remembered("n", 1, "request-1", new Reply.Counter(1, 1), 1000);
    history.record(List.of(write, remembered));
    history.record(List.of(written("n", 2, 1)));
    assertEquals(2, history.size());
    assertEquals(List.of(write, written("n", 2, 1)),
        ((ChangeHistory.Page) history.since(0, ALL, 10)).changes());
  }

  @Test
  void theOldestGoPastTheCountAndAnOlderRevisionIsAGap() {
    ChangeHistory history = new ChangeHistory(new WatchSettings(5, Long.MAX_VALUE));
    writes(history, "k", 1, 12);
    assertEquals(5, history.size());
    assertEquals(8, history.oldestRevision());
    assertEquals(12, history.latestRevision());
    assertEquals(range(8, 12), revisions(history.since(7, ALL, 100)),
        "revision 7 is the last the caller has: everything after it is held");
    assertEquals(new ChangeHistory.Gap(8), history.since(6, ALL, 100),
        "revision 7 is gone");
    assertEquals(new ChangeHistory.Gap(8), history.since(0, ALL, 100));
    assertEquals(range(11, 12), revisions(history.since(10, ALL, 100)));
    assertEquals(new ChangeHistory.Page(List.of(), 12, false), history.since(12, ALL, 100));
    assertEquals(new ChangeHistory.Ahead(12), history.since(13, ALL, 100));
  }

  @Test
  void theOldestGoPastTheByteBound() {
    Change.Written first = written("a", 1, 100);
    long each = ChangeHistory.estimate(first);
    assertEquals(ChangeHistory.CHANGE_OVERHEAD + 2 + 100, each);
    ChangeHistory history = new ChangeHistory(new WatchSettings(1000, 3 * each));
    history.record(List.of(first, written("b", 2, 100), written("c", 3, 100)));
    assertEquals(3, history.size());
    assertEquals(3 * each, history.bytes(), "at the bound, not past it: all kept");
    history.record(List.of(new Change.Removed("a", 4, Change.Cause.DELETED)));
    assertEquals(ChangeHistory.CHANGE_OVERHEAD + 2, ChangeHistory.estimate(
        new Change.Removed("a", 4, Change.Cause.DELETED)));
    assertEquals(3, history.size(), "the first write went for the removal");
    assertEquals(2, history.oldestRevision());
    assertEquals(2 * each + ChangeHistory.CHANGE_OVERHEAD + 2, history.bytes());
    history.record(List.of(written("big", 5, (int) (3 * each))));
    assertEquals(0, history.size(), "a change past the bound alone is not kept either");
    assertEquals(0, history.bytes());
    assertEquals(5, history.latestRevision());
    assertEquals(new ChangeHistory.Gap(6), history.since(4, ALL, 10));
    assertEquals(new ChangeHistory.Page(List.of(), 5, false), history.since(5, ALL, 10));
  }

  @Test
  void theRingWrapsAroundAndKeepsTheOrderAcrossManyEvictions() {
    ChangeHistory history = new ChangeHistory(new WatchSettings(37, Long.MAX_VALUE));
    for (long revision = 1; revision <= 1000; revision += 7) {
      writes(history, "k", revision, 7);
      long latest = revision + 6;
      long oldest = Math.max(1, latest - 36);
      assertEquals(oldest, history.oldestRevision());
      assertEquals(range(oldest, latest), revisions(history.since(oldest - 1, ALL, 100)));
    }
  }

  @Test
  void aPageStopsAtMaxAndTheNextContinuesFromItsThrough() {
    ChangeHistory history = new ChangeHistory(ROOMY);
    writes(history, "k", 1, 10);
    ChangeHistory.Page first = (ChangeHistory.Page) history.since(0, ALL, 4);
    assertEquals(range(1, 4), revisions(first));
    assertEquals(4, first.through());
    assertTrue(first.more());
    ChangeHistory.Page second = (ChangeHistory.Page) history.since(first.through(), ALL, 4);
    assertEquals(range(5, 8), revisions(second));
    ChangeHistory.Page third = (ChangeHistory.Page) history.since(second.through(), ALL, 4);
    assertEquals(range(9, 10), revisions(third));
    assertEquals(10, third.through());
    assertFalse(third.more());
    ChangeHistory.Page exact = (ChangeHistory.Page) history.since(6, ALL, 4);
    assertEquals(range(7, 10), revisions(exact));
    assertFalse(exact.more(), "the last held change ends the page");
  }

  @Test
  void aGlobKeepsOnlyMatchingKeysAndThePageCoversTheRevisionsItSkipped() {
    ChangeHistory history = new ChangeHistory(ROOMY);
    history.record(List.of(written("config:a", 1, 1), written("user:1", 2, 1),
        written("config:b", 3, 1), new Change.Removed("user:1", 4, Change.Cause.EXPIRED),
        new Change.Removed("config:a", 5, Change.Cause.SWEPT), written("user:2", 6, 1),
        written("user:3", 7, 1)));
    Glob config = Glob.of("config:*");
    ChangeHistory.Page first = (ChangeHistory.Page) history.since(0, config, 2);
    assertEquals(List.of("config:a", "config:b"),
        first.changes().stream().map(Change::key).toList());
    assertEquals(3, first.through());
    assertTrue(first.more());
    ChangeHistory.Page rest = (ChangeHistory.Page) history.since(first.through(), config, 2);
    assertEquals(List.of(new Change.Removed("config:a", 5, Change.Cause.SWEPT)), rest.changes());
    assertEquals(7, rest.through(), "no more matches: the page covers up to the latest");
    assertFalse(rest.more());
    assertEquals(List.of(2L, 4L),
        revisions(history.since(0, Glob.of("user:?"), 2)));
  }

  @Test
  void aJumpInRevisionsDropsWhatWasHeldSoThatNoHoleIsHandedOut() {
    ChangeHistory history = new ChangeHistory(ROOMY);
    writes(history, "k", 1, 3);
    history.record(List.of(written("k", 10, 1)));
    assertEquals(1, history.size());
    assertEquals(10, history.oldestRevision());
    assertEquals(new ChangeHistory.Gap(10), history.since(3, ALL, 10),
        "revisions 4 to 9 were never recorded: a caller at 3 may have missed them");
    assertEquals(List.of(10L), revisions(history.since(9, ALL, 10)));
  }

  @Test
  void aChangeNotAboveTheLatestIsRefusedAndChangesNothing() {
    ChangeHistory history = new ChangeHistory(ROOMY);
    writes(history, "k", 1, 3);
    assertThrows(IllegalArgumentException.class,
        () -> history.record(List.of(written("k", 3, 1))));
    assertThrows(IllegalArgumentException.class,
        () -> history.record(List.of(written("k", 2, 1))));
    assertEquals(range(1, 3), revisions(history.since(0, ALL, 10)));
  }

  @Test
  void noHistoryKeepsNothingButKnowsTheLatestRevision() {
    ChangeHistory none = new ChangeHistory(new WatchSettings(0, Long.MAX_VALUE));
    writes(none, "k", 1, 5);
    assertEquals(0, none.size());
    assertEquals(5, none.latestRevision());
    assertEquals(new ChangeHistory.Gap(6), none.since(4, ALL, 10));
    assertEquals(new ChangeHistory.Page(List.of(), 5, false), none.since(5, ALL, 10));
  }

  @Test
  void badArgumentsAreRefused() {
    ChangeHistory history = new ChangeHistory(ROOMY);
    assertThrows(IllegalArgumentException.class, () -> history.since(-1, ALL, 10));
    assertThrows(IllegalArgumentException.class, () -> history.since(0, ALL, 0));
    assertThrows(NullPointerException.class, () -> history.since(0, (Predicate<String>) null, 1));
    assertThrows(IllegalArgumentException.class, () -> new ChangeHistory(ROOMY, -1));
    assertThrows(IllegalArgumentException.class, () -> new WatchSettings(-1, 10));
    assertThrows(IllegalArgumentException.class, () -> new WatchSettings(10, -1));
  }
}
