package io.photosync.sync.model;

import java.time.Instant;
import java.util.UUID;

/** One upload of a photo's bytes by a device, as proven by its token and DPoP proof. */
public record Upload(
        UUID id,
        UUID photoId,
        String deviceId,
        UUID sessionId,
        Instant uploadedAt,
        String clientIp,
        String clientRef,
        boolean newPhoto,
        UUID outboxEventId,
        LogStatus log) {}
