package io.sharedstore.store.watch;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.sharedstore.store.engine.Change;
import io.sharedstore.store.protocol.Bytes;
import io.sharedstore.store.protocol.WatchEvent.KeyEvent;
import io.sharedstore.store.protocol.WatchEvent.Kind;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** Each engine change becomes the watch event of its kind, with its key, revision and value. */
class WatchEventMappingTest {

  private static final Bytes VALUE = Bytes.wrap(new byte[] {1, 2, 3});

  @Test
  void aWriteIsChangedWithItsBytesAndDeadline() {
    assertEquals(new KeyEvent(Kind.CHANGED, "k", 4, Optional.of(VALUE), OptionalLong.of(99)),
        Watchers.event(new Change.Written("k", 4, VALUE, OptionalLong.of(99))));
    assertEquals(new KeyEvent(Kind.CHANGED, "k", 5, Optional.of(VALUE), OptionalLong.empty()),
        Watchers.event(new Change.Written("k", 5, VALUE, OptionalLong.empty())));
  }

  @Test
  void aDeletionIsDeletedAndBothExpiriesAreExpired() {
    assertEquals(new KeyEvent(Kind.DELETED, "k", 6, Optional.empty(), OptionalLong.empty()),
        Watchers.event(new Change.Removed("k", 6, Change.Cause.DELETED)));
    assertEquals(new KeyEvent(Kind.EXPIRED, "k", 7, Optional.empty(), OptionalLong.empty()),
        Watchers.event(new Change.Removed("k", 7, Change.Cause.EXPIRED)));
    assertEquals(new KeyEvent(Kind.EXPIRED, "k", 8, Optional.empty(), OptionalLong.empty()),
        Watchers.event(new Change.Removed("k", 8, Change.Cause.SWEPT)));
  }
}
