package dev.xaa4j.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine;

/**
 * Reads a token, assertion or secret given to a command without putting it on the command line: {@code env:NAME} (an
 * environment variable), {@code @FILE} or {@code file:FILE} (a file's content, trimmed), {@code -} (standard input), or
 * the literal value (discouraged for secrets: process lists show it). Values are never echoed.
 */
final class TokenInput {

    private TokenInput() {
    }

    static String read(String spec, String what, CommandLine cl) {
        if (spec == null) {
            return null;
        }
        try {
            if (spec.startsWith("env:")) {
                String value = System.getenv(spec.substring(4));
                if (value == null || value.isBlank()) {
                    throw new CommandLine.ParameterException(cl, what + ": environment variable " + spec.substring(4)
                            + " is not set");
                }
                return value.trim();
            }
            if (spec.startsWith("@") || spec.startsWith("file:")) {
                Path path = Path.of(spec.substring(spec.startsWith("@") ? 1 : 5));
                return Files.readString(path, StandardCharsets.UTF_8).trim();
            }
            if (spec.equals("-")) {
                InputStream in = System.in;
                return new String(in.readNBytes(1024 * 1024), StandardCharsets.UTF_8).trim();
            }
            return spec.trim();
        } catch (IOException e) {
            throw new CommandLine.ParameterException(cl, what + ": cannot read " + spec + " (" + e.getMessage() + ")");
        }
    }
}
