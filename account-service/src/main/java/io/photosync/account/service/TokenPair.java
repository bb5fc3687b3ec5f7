package io.photosync.account.service;

import java.util.UUID;

public record TokenPair(String accessToken, long expiresIn, String refreshToken, UUID sessionId, String deviceId) {}
