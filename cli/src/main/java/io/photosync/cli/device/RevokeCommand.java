package io.photosync.cli.device;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code revoke SESSION_ID}: remote sign-out. */
@Command(
        name = "revoke",
        description = "Sign a session out (any session of the account, e.g. one you do not recognise).")
public final class RevokeCommand extends DeviceCommandBase {
    @Mixin
    ClientOptions options;

    @Parameters(paramLabel = "SESSION_ID", description = "as listed by 'sessions'")
    String sessionId;

    @Override
    protected int execute() {
        DeviceClient client = DeviceClient.open(options);
        client.call(Service.ACCOUNT, "DELETE", "/v1/me/sessions/" + Service.segment(sessionId), null);
        out().printf("Session %s is signed out.%n", sessionId);
        if (sessionId.equals(client.home().requireSession().sessionId())) {
            out().printf(
                            "That was this device's own session: sign in again with 'login' to use device '%s'.%n",
                            client.home().name());
        }
        return 0;
    }
}
