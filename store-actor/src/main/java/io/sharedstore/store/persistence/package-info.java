/**
 * The building blocks of the store's persistence, without Pekko: a framed, checksummed record
 * log ({@link io.sharedstore.store.persistence.RecordLogWriter}, {@link
 * io.sharedstore.store.persistence.RecordLogReader}) and the binary form of the engine's changes
 * ({@link io.sharedstore.store.persistence.ChangeCodec}).
 *
 * <p>Log file format (all integers big-endian): an 8-byte header, the magic {@code "SSLG"} and
 * the int format version ({@value io.sharedstore.store.persistence.RecordLog#FORMAT_VERSION}),
 * then records, each {@code [int length][int CRC32C of the payload][payload]}, with {@code 1 <=
 * length <= }{@value io.sharedstore.store.persistence.RecordLog#MAX_RECORD_BYTES}.
 *
 * <p>Beside the log: a streaming snapshot of a whole engine ({@link
 * io.sharedstore.store.persistence.SnapshotWriter}, {@link
 * io.sharedstore.store.persistence.SnapshotReader}; magic {@code "SSSN"}, its own version, a
 * CRC32C end marker), the {@link io.sharedstore.store.persistence.Manifest} naming the current
 * snapshot and the logs after it, switched atomically, the {@link
 * io.sharedstore.store.persistence.Journal} that writes the log with group commit and rotates to
 * a new one at a point of its queue, and the {@link
 * io.sharedstore.store.persistence.DataDirectory} one manager holds locked.
 */
package io.sharedstore.store.persistence;
