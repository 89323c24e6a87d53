package dev.mailserver.app.cli;

import java.io.IOException;

import com.typesafe.config.ConfigException;

import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;

/** Turns the failures every command may end with into one line on standard error and an exit code. */
public final class FailureReporter implements IExecutionExceptionHandler {
    @Override
    public int handleExecutionException(Exception failure, CommandLine commandLine, ParseResult parseResult) throws Exception {
        if (failure instanceof CommandFailure commandFailure) {
            commandLine.getErr().println("mailserver: " + commandFailure.getMessage());
            return commandFailure.exitCode();
        }
        if (failure instanceof ConfigException configFailure) {
            commandLine.getErr().println("mailserver: bad configuration: " + configFailure.getMessage());
            return CommandFailure.EXIT_BAD_INPUT;
        }
        if (failure instanceof IOException ioFailure) {
            commandLine.getErr().println("mailserver: " + ioFailure);
            return CommandFailure.EXIT_FAILED;
        }
        throw failure;
    }
}
