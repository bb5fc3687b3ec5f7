package io.photosync.cli.device;

/**
 * What this simulated phone says about itself. Only {@code deviceId} is proven (it is the key's
 * thumbprint); name, model, OS and app version are self-reported.
 */
public record DeviceInfo(String deviceId, String name, String model, String os, String appVersion, String createdAt) {}
