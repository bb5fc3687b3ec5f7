package io.photosync.cli.device;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Set;
import picocli.CommandLine.Command;

/** {@code alerts}: the account's security alerts. */
@Command(name = "alerts", description = "List the account's security alerts.")
public final class AlertsCommand extends AccountListCommand {
    public AlertsCommand() {
        super("/v1/me/alerts");
    }

    @Override
    void print(DeviceClient client, JsonNode answer) {
        JsonNode alerts = ListPrinter.items(answer, "alerts");
        out().printf("%d security alert(s):%n", alerts.size());
        for (JsonNode alert : alerts) {
            out().printf(
                            "! %s  %s%n",
                            ListPrinter.first(alert, "type", "alertType"),
                            Text.time(alert.hasNonNull("at") ? alert.get("at") : alert.path("createdAt")));
            JsonNode details = alert.path("details");
            if (details.hasNonNull("summary")) {
                out().printf("    %s%n", details.get("summary").asText());
            }
            ListPrinter.printOtherFields(out(), alert, Set.of("type", "alertType", "at", "createdAt", "details"));
            if (details.isObject()) {
                ObjectNode rest = details.deepCopy();
                rest.remove("summary");
                if (!rest.isEmpty()) {
                    out().printf("    %-18s %s%n", "details:", Text.inline(rest));
                }
            }
        }
    }
}
