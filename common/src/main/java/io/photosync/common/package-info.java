/**
 * The few pieces the three services truly share: DPoP proof verification, problem responses, the outbox, source
 * authentication towards the log.
 */
package io.photosync.common;
