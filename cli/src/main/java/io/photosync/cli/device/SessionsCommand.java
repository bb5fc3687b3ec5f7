package io.photosync.cli.device;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Set;
import picocli.CommandLine.Command;

/** {@code sessions}: the account's sign-ins, this device's marked. */
@Command(name = "sessions", description = "List the account's sessions; '*' marks this device's own.")
public final class SessionsCommand extends AccountListCommand {
    public SessionsCommand() {
        super("/v1/me/sessions");
    }

    @Override
    void print(DeviceClient client, JsonNode answer) {
        String mySession = client.home().requireSession().sessionId();
        JsonNode sessions = ListPrinter.items(answer, "sessions");
        out().printf("%d session(s) on this account (device name and model are self-reported):%n", sessions.size());
        for (JsonNode session : sessions) {
            String id = ListPrinter.first(session, "sessionId", "id");
            boolean current = session.path("current").asBoolean(false) || id.equals(mySession);
            out().printf(
                            "%s %s  %s%s%n",
                            current ? "*" : " ",
                            id,
                            ListPrinter.first(session, "status"),
                            current ? "  (this device)" : "");
            JsonNode device = session.path("device");
            if (device.isObject()) {
                out().printf(
                                "    %-18s %s \"%s\" (%s)%n",
                                "device:",
                                device.path("model").asText("?"),
                                device.path("name").asText("?"),
                                ListPrinter.first(device, "id", "deviceId"));
            }
            String place = Text.place(session.path("location"));
            if (place != null) {
                out().printf("    %-18s %s%n", "ip location:", place);
            }
            ListPrinter.printOtherFields(
                    out(), session, Set.of("sessionId", "id", "status", "current", "device", "location"));
        }
    }
}
