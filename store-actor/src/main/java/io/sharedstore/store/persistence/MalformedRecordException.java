package io.sharedstore.store.persistence;

import java.io.IOException;

/**
 * A record whose checksum matched but whose content {@link ChangeCodec} cannot decode: a bug or
 * a file written by another build, never something to replay.
 */
public final class MalformedRecordException extends IOException {

  private static final long serialVersionUID = 1L;

  /**
   * A refusal.
   *
   * @param message what is wrong, and where in the record
   */
  public MalformedRecordException(String message) {
    super(message);
  }
}
