/** The few pieces the three services truly share: DPoP proof verification, problem responses, the outbox. */
package io.photosync.common;
