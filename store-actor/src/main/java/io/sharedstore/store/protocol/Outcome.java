package io.sharedstore.store.protocol;

import io.sharedstore.store.CborSerializable;
import java.util.Optional;

/**
 * The answer to one request of a batch: its reply, or the error text of its refusal.
 *
 * @param id the request's id
 * @param reply the reply, empty when refused
 * @param error the refusal's error text (starting with its code), empty on success
 */
public record Outcome(long id, Optional<Reply> reply, Optional<String> error)
    implements CborSerializable {

  /**
   * A successful answer.
   *
   * @param id the request's id
   * @param reply the reply
   * @return the outcome carrying {@code reply}
   * @throws NullPointerException if {@code reply} is null
   */
  public static Outcome success(long id, Reply reply) {
    return new Outcome(id, Optional.of(reply), Optional.empty());
  }

  /**
   * A refusal.
   *
   * @param id the request's id
   * @param error the refusal's error text (starting with its code, e.g. {@code [invalid] })
   * @return the outcome carrying {@code error}
   * @throws NullPointerException if {@code error} is null
   */
  public static Outcome refused(long id, String error) {
    return new Outcome(id, Optional.empty(), Optional.of(error));
  }
}
