package io.photosync.audit.entry;

/**
 * The clear value behind one personal digest of a leaf. Stored beside the log and erasable.
 *
 * @param salt      base64url without padding, 16 bytes
 * @param valueJson the value as JSON text (string literal or number)
 */
public record Disclosure(String field, String salt, String valueJson) {}
