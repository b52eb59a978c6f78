package io.sharedstore.store.persistence;

/**
 * What a {@link RecordLogReader} found after the last whole record of a log.
 */
public sealed interface LogEnd {

  /**
   * The file offset where the last whole record ends (the header's end if none): the length to
   * truncate the file to before appending to it again.
   *
   * @return the offset
   */
  long validLength();

  /**
   * The file ends exactly after its last whole record.
   *
   * @param validLength the file's length
   */
  record Clean(long validLength) implements LogEnd {}

  /**
   * The last record is cut short (a crash in the middle of a write), or the file ends in zeros
   * (it grew but the data never reached it): the caller truncates the file to {@code offset}.
   *
   * @param offset where the cut record starts (the file's valid length)
   * @param bytesDropped how many bytes follow the last whole record
   */
  record Truncated(long offset, long bytesDropped) implements LogEnd {
    @Override
    public long validLength() {
      return offset;
    }
  }

  /**
   * A bad record before the end: its checksum does not match, or its length is impossible.
   * Every record before it is whole.
   *
   * @param offset where the bad record starts
   * @param bytesAfter how many bytes from {@code offset} to the file's end (what a repair drops)
   * @param reason what is wrong with it
   */
  record Corrupt(long offset, long bytesAfter, String reason) implements LogEnd {
    @Override
    public long validLength() {
      return offset;
    }
  }
}
