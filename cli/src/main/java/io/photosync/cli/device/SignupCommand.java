package io.photosync.cli.device;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code signup LOGIN}: {@code POST /v1/accounts}. */
@Command(name = "signup", description = "Create an account.")
public final class SignupCommand extends DeviceCommandBase {
    @Mixin
    ClientOptions options;

    @Mixin
    PasswordOptions password;

    @Mixin
    AccountLogin login;

    @Option(names = "--display-name", description = "shown to the account's user (default: the login)")
    String displayName;

    @Override
    protected int execute() throws IOException {
        String name = login.value();
        JsonNode answer = DeviceClient.signUp(options, name, password.read(), displayName == null ? name : displayName);
        out().printf(
                        "Account created: login %s, account id %s%n",
                        name, answer.path("accountId").asText("?"));
        return 0;
    }
}
