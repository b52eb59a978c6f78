package io.sharedstore.cluster;

import com.fasterxml.jackson.core.type.TypeReference;
import io.sharedstore.store.internal.KeyRules;
import java.time.Instant;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;

/**
 * One event of a {@link Watch}: a key {@link Changed changed}, was {@link Deleted deleted} or
 * {@link Expired expired}, or the watch was {@link Reset reset}. Every event carries the
 * manager's revision; one watch's events come in revision order (one order over all keys of the
 * store), each change once.
 */
public sealed interface StoreEvent
    permits StoreEvent.Changed, StoreEvent.Deleted, StoreEvent.Expired, StoreEvent.Reset {

  /**
   * The manager's revision of this event: the change's, or for a {@link Reset} the revision the
   * watch goes on after.
   *
   * @return the revision
   */
  long revision();

  /**
   * A key was written (set, setAll, increment, compareAndSet and every other write): the event
   * holds the bytes stored, decoded only when asked for.
   */
  final class Changed implements StoreEvent {
    private final String key;
    private final long revision;
    private final byte[] value;
    private final Optional<Instant> expiresAt;

    Changed(String key, long revision, byte[] value, Optional<Instant> expiresAt) {
      this.key = Objects.requireNonNull(key, "key");
      this.revision = revision;
      this.value = Objects.requireNonNull(value, "value");
      this.expiresAt = Objects.requireNonNull(expiresAt, "expiresAt");
    }

    /**
     * The key written.
     *
     * @return the key
     */
    public String key() {
      return key;
    }

    @Override
    public long revision() {
      return revision;
    }

    /**
     * The value written, read as {@code type} (as {@link StoreClient#get(String, Class)} would).
     *
     * @param <T> the type to read
     * @param type the class to read it as
     * @return the value
     * @throws NullPointerException if {@code type} is null
     * @throws StoreSerializationException if the stored bytes cannot be read as {@code type}
     */
    public <T> T value(Class<T> type) {
      Objects.requireNonNull(type, "type must not be null");
      return ValueCodec.get().decode("watch", key, value, type);
    }

    /**
     * The value written, read as a generic type such as {@code List<Foo>}.
     *
     * @param <T> the type to read
     * @param type the type to read it as
     * @return the value
     * @throws NullPointerException if {@code type} is null
     * @throws StoreSerializationException if the stored bytes cannot be read as {@code type}
     */
    public <T> T value(TypeReference<T> type) {
      Objects.requireNonNull(type, "type must not be null");
      return ValueCodec.get().decode("watch", key, value, type);
    }

    /**
     * When the key expires, as written (its TTL's deadline on the manager's clock).
     *
     * @return the deadline, or empty if the key has no TTL
     */
    public Optional<Instant> expiresAt() {
      return expiresAt;
    }

    /** The stored bytes themselves (not a copy: internal callers must not change them). */
    byte[] bytes() {
      return value;
    }

    @Override
    public boolean equals(Object other) {
      return other instanceof Changed that && revision == that.revision && key.equals(that.key)
          && Arrays.equals(value, that.value) && expiresAt.equals(that.expiresAt);
    }

    @Override
    public int hashCode() {
      return Objects.hash(key, revision, Arrays.hashCode(value), expiresAt);
    }

    /** For logs: {@code Changed[key=config:x, revision=7, 5 bytes, expiresAt=…]}. */
    @Override
    public String toString() {
      return "Changed[key=" + KeyRules.show(key) + ", revision=" + revision + ", "
          + value.length + " bytes" + expiresAt.map(at -> ", expiresAt=" + at).orElse("") + "]";
    }
  }

  /**
   * A key was deleted by an operation (delete, getAndDelete, deleteIfEquals, deleteAll).
   *
   * @param key the key
   * @param revision the revision of the delete
   */
  record Deleted(String key, long revision) implements StoreEvent {}

  /**
   * A key's TTL passed and the manager freed it: at its deadline (the manager arms a timer at
   * the earliest deadline while watches are registered), or earlier if an operation found it
   * expired first. The revision is that of the removal, not of the deadline.
   *
   * @param key the key
   * @param revision the revision of the removal
   */
  record Expired(String key, long revision) implements StoreEvent {}

  /**
   * The watch may have missed changes up to and including {@code revision}: re-read what you
   * track. Every change after {@code revision} follows.
   *
   * @param revision the manager's revision the watch goes on after
   * @param reason why
   */
  record Reset(long revision, ResetReason reason) implements StoreEvent {}
}
