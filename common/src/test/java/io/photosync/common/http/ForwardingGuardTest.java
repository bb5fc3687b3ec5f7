package io.photosync.common.http;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ForwardingGuardTest {
    @Test
    void forwardingWithoutTrustedProxiesRefusesToStartNamingBothSettings() {
        List<Optional<List<String>>> unset =
                List.of(Optional.empty(), Optional.of(List.of()), Optional.of(List.of(" ")));
        for (Optional<List<String>> none : unset) {
            IllegalStateException e =
                    assertThrows(IllegalStateException.class, () -> ForwardingGuard.check(true, none));
            assertTrue(
                    e.getMessage().contains(ForwardingGuard.FORWARDING)
                            && e.getMessage().contains(ForwardingGuard.TRUSTED),
                    e.getMessage());
        }
    }

    @Test
    void forwardingFromNamedProxiesOrNoForwardingStarts() {
        assertDoesNotThrow(() -> ForwardingGuard.check(true, Optional.of(List.of("10.244.7.0/28"))));
        assertDoesNotThrow(() -> ForwardingGuard.check(false, Optional.empty()));
    }
}
