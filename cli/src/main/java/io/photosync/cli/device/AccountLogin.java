package io.photosync.cli.device;

import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** The account's login, as the first argument or as {@code --login} (scripts often prefer the option). */
public final class AccountLogin {
    @Parameters(paramLabel = "LOGIN", arity = "0..1", description = "the account's login")
    String positional;

    @Option(names = "--login", paramLabel = "LOGIN", description = "the account's login, instead of the LOGIN argument")
    String option;

    String value() {
        if (positional != null && option != null && !positional.equals(option)) {
            throw new CliFailure("two different logins given: '" + positional + "' and --login '" + option + "'");
        }
        String login = positional != null ? positional : option;
        if (login == null || login.isBlank()) {
            throw new CliFailure("the account's login is missing: give it as LOGIN or --login");
        }
        return login;
    }
}
