package io.sharedstore.cluster;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.ToLongFunction;

/**
 * Meters that several members (clients, or near caches of one glob) of one registry may share,
 * as they have the same name and tags: registered by the first member to join, removed from the
 * registry when the last one leaves, so neither a closed member's meters stay behind nor does a
 * closing member remove the meters another still uses. A group's meters read its members (a
 * gauge over all of them), and a counter's share of a member that left is kept in the group's
 * retired totals, so a counter summed over the members never goes down.
 *
 * <p>Joining and leaving take one lock (rare: a client's or near cache's start and close, a call
 * timer's first use); reading the members does not.
 */
final class SharedMeters {

  private static final Map<MeterRegistry, Map<String, Group<?>>> GROUPS = new IdentityHashMap<>();

  private SharedMeters() {}

  /** The members of one set of shared meters, and what those that left had counted. */
  static final class Group<T> {
    private final String key;
    private final List<T> members = new CopyOnWriteArrayList<>();
    private final AtomicLongArray retired;
    private List<Meter> meters = List.of();

    private Group(String key, int counters) {
      this.key = key;
      this.retired = new AtomicLongArray(counters);
    }

    /** The members now (any thread; for the meters' functions). */
    List<T> members() {
      return members;
    }

    /**
     * Counter {@code index} over the group: {@code count} summed over the members, plus what the
     * members that left had counted. Under the group's lock, which a member's leaving also
     * takes, so a scrape never sees a leaving member's count twice or not at all.
     */
    synchronized long total(int index, ToLongFunction<T> count) {
      long sum = retired.get(index);
      for (T member : members) {
        sum += count.applyAsLong(member);
      }
      return sum;
    }

    /** {@code value} summed over the members, under the group's lock (e.g. a size). */
    synchronized long sum(ToLongFunction<T> value) {
      long sum = 0;
      for (T member : members) {
        sum += value.applyAsLong(member);
      }
      return sum;
    }

    /** Adds a leaving member's count of counter {@code index} to the retired totals. */
    void retire(int index, long count) {
      retired.addAndGet(index, count);
    }

    /** The group's meters, as registered by its first member. */
    List<Meter> meters() {
      return meters;
    }
  }

  /**
   * Adds {@code member} to the group of {@code key} in {@code registry}; the first member's
   * {@code register} registers the group's meters (given the group, for their functions) and
   * returns them.
   *
   * @param counters how many retired totals the group keeps (for {@link Group#retire})
   */
  static <T> Group<T> join(MeterRegistry registry, String key, T member, int counters,
      Function<Group<T>, List<Meter>> register) {
    synchronized (GROUPS) {
      Map<String, Group<?>> groups = GROUPS.computeIfAbsent(registry, r -> new HashMap<>());
      @SuppressWarnings("unchecked")
      Group<T> group = (Group<T>) groups.get(key);
      if (group == null) {
        group = new Group<>(key, counters);
        group.meters = List.copyOf(register.apply(group));
        groups.put(key, group);
      }
      group.members.add(member);
      return group;
    }
  }

  /**
   * Removes {@code member} from {@code group}, after {@code retire} has moved its counts to the
   * group's retired totals (under the group's lock); the last member removes the group's meters
   * from {@code registry}. A member that is not in the group (it left already) changes nothing.
   */
  static <T> void leave(MeterRegistry registry, Group<T> group, T member,
      Consumer<Group<T>> retire) {
    synchronized (GROUPS) {
      synchronized (group) {
        if (!group.members.remove(member)) {
          return;
        }
        retire.accept(group);
      }
      if (!group.members.isEmpty()) {
        return;
      }
      group.meters.forEach(registry::remove);
      Map<String, Group<?>> groups = GROUPS.get(registry);
      if (groups != null && groups.get(group.key) == group) {
        groups.remove(group.key);
        if (groups.isEmpty()) {
          GROUPS.remove(registry);
        }
      }
    }
  }
}
