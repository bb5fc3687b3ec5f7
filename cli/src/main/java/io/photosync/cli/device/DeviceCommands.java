package io.photosync.cli.device;

import java.util.List;
import picocli.CommandLine;

/** The device simulator's commands, for the CLI's entry point to register. */
public final class DeviceCommands {
    /** In the order {@code --help} lists them. */
    public static final List<Class<?>> ALL = List.of(
            DeviceCommand.class,
            SignupCommand.class,
            LoginCommand.class,
            UploadCommand.class,
            SyncCommand.class,
            SessionsCommand.class,
            RevokeCommand.class,
            DevicesCommand.class,
            AlertsCommand.class,
            WhyCommand.class,
            CaseCommand.class,
            AccessLogCommand.class,
            EntryCommand.class,
            MakePhotoCommand.class);

    private DeviceCommands() {}

    /** Adds every device command to {@code main} as a subcommand. */
    public static CommandLine addTo(CommandLine main) {
        ALL.forEach(main::addSubcommand);
        return main;
    }
}
