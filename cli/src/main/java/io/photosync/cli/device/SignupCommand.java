package io.photosync.cli.device;

import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;

/** {@code signup LOGIN}: {@code POST /v1/accounts}. */
@Command(name = "signup", description = "Create an account.")
public final class SignupCommand extends DeviceCommandBase {
    @Mixin
    ClientOptions options;

    @Mixin
    PasswordOptions password;

    @Parameters(paramLabel = "LOGIN", description = "the new account's login")
    String login;

    @Option(names = "--display-name", description = "shown to the account's user (default: the login)")
    String displayName;

    @Override
    protected int execute() throws IOException {
        JsonNode answer = DeviceClient.signUp(options, login, password.read(), displayName == null ? login : displayName);
        out().printf("Account created: login %s, account id %s%n", login, answer.path("accountId").asText("?"));
        return 0;
    }
}
