package io.photosync.audit.log;

/** Hashes of complete subtrees, however they are stored. */
@FunctionalInterface
public interface NodeSource {
    byte[] hash(NodeId node);
}
