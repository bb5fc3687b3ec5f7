package io.photosync.audit.support.console;

import io.photosync.audit.config.AuditConfig;
import io.photosync.audit.log.NoteKeys;
import io.quarkus.runtime.Startup;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

/**
 * The log key the case page verifies evidence with: {@code audit.support.console-log-key} when pinned, otherwise
 * the log's own key — which proves only that the evidence is self-consistent, so the page says so.
 */
@Startup
@Singleton
public class ConsoleLogKey {
    private final String vkey;
    private final String name;
    private final boolean pinned;

    @Inject
    ConsoleLogKey(AuditConfig config, NoteKeys.Signer signer) {
        // parsed at start (@Startup) so a malformed pinned key stops the service instead of failing every page
        NoteKeys.Verifier verifier =
                config.support().consoleLogKey().map(NoteKeys.Verifier::parse).orElse(signer.verifier());
        this.vkey = verifier.format();
        this.name = verifier.name();
        this.pinned = config.support().consoleLogKey().isPresent();
    }

    public String vkey() {
        return vkey;
    }

    public String name() {
        return name;
    }

    public boolean pinned() {
        return pinned;
    }
}
