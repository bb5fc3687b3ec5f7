package io.photosync.cli.device;

import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** A command that shows one of the account's lists from account-service ({@code GET /v1/me/…}). */
abstract class AccountListCommand extends DeviceCommandBase {
    @Mixin
    ClientOptions options;

    @Option(names = "--json", description = "print the service's answer as JSON")
    boolean json;

    private final String path;

    AccountListCommand(String path) {
        this.path = path;
    }

    @Override
    protected final int execute() {
        DeviceClient client = DeviceClient.open(options);
        JsonNode answer = client.call(Service.ACCOUNT, "GET", path, null);
        if (json) {
            out().println(answer.toPrettyString());
        } else {
            print(client, answer);
        }
        return 0;
    }

    abstract void print(DeviceClient client, JsonNode answer);
}
