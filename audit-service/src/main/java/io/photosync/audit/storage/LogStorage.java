package io.photosync.audit.storage;

/**
 * Where the log lives, both sides. Narrow on purpose: the log's logic stays out of storage, storage out of the
 * logic; a class that only reads takes a {@link LogReader}, one that only writes a {@link LogWriter}.
 */
public interface LogStorage extends LogReader, LogWriter {}
