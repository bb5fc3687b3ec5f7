package io.photosync.account.service;

import io.photosync.account.model.Account;
import io.photosync.account.model.Alert;
import io.photosync.account.model.Device;
import io.photosync.account.model.DeviceSession;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * What an account's owner (or an agent under the owner's grant) reads: its sign-in records, devices and alerts, each
 * read in one transaction of its own so the views are consistent and never join the caller's.
 */
@ApplicationScoped
public class AccountRecords {
    /** An account's sessions (its sign-in records), devices with their active sessions counted, and alerts. */
    public record Records(
            List<DeviceSession> sessions, List<Device> devices, Map<String, Long> activeByDevice, List<Alert> alerts) {}

    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public List<DeviceSession> sessions(UUID accountId) {
        return DeviceSession.listOwn(accountId);
    }

    /** The account's devices and how many sessions each still has active, from one snapshot. */
    public record Devices(List<Device> devices, Map<String, Long> activeByDevice) {}

    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public Devices devices(UUID accountId, Instant now) {
        return new Devices(Device.listOwn(accountId), activeByDevice(accountId, now));
    }

    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public List<Alert> alerts(UUID accountId) {
        return Alert.listOwn(accountId);
    }

    /** Everything at once, from one snapshot; empty when there is no such account. */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public Optional<Records> all(UUID accountId, Instant now) {
        if (Account.findById(accountId) == null) {
            return Optional.empty();
        }
        return Optional.of(new Records(
                DeviceSession.listOwn(accountId),
                Device.listOwn(accountId),
                activeByDevice(accountId, now),
                Alert.listOwn(accountId)));
    }

    private static Map<String, Long> activeByDevice(UUID accountId, Instant now) {
        return DeviceSession.listActive(accountId, now).stream()
                .collect(Collectors.groupingBy(s -> s.deviceId, Collectors.counting()));
    }
}
