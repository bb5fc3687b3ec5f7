package io.photosync.cli.device;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Set;
import picocli.CommandLine.Command;

/** {@code devices}: the devices (keys) that have signed in to the account. */
@Command(name = "devices", description = "List the devices that have signed in to the account; '*' marks this one.")
public final class DevicesCommand extends AccountListCommand {
    public DevicesCommand() {
        super("/v1/me/devices");
    }

    @Override
    void print(DeviceClient client, JsonNode answer) {
        JsonNode devices = ListPrinter.items(answer, "devices");
        out().printf("%d device(s) on this account (name, model and OS are self-reported):%n", devices.size());
        for (JsonNode device : devices) {
            String id = ListPrinter.first(device, "deviceId", "id");
            boolean me = id.equals(client.info().deviceId());
            out().printf(
                            "%s %s  %s \"%s\"%s%n",
                            me ? "*" : " ",
                            id,
                            ListPrinter.first(device, "model"),
                            ListPrinter.first(device, "name"),
                            me ? "  (this device)" : "");
            ListPrinter.printOtherFields(out(), device, Set.of("deviceId", "id", "model", "name"));
        }
    }
}
