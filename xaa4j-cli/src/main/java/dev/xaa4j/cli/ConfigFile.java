package dev.xaa4j.cli;

import dev.xaa4j.core.internal.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;

/**
 * A server's {@code --config} JSON file: an object whose members have the names of the command's long options without
 * the dashes ({@code "port": 8080}, {@code "client": ["id:secret"]}). Options given on the command line win over the file.
 */
final class ConfigFile {

    private final Map<String, Object> values;

    private ConfigFile(Map<String, Object> values) {
        this.values = values;
    }

    /** Reads the file, or returns an empty configuration when {@code path} is null. */
    static ConfigFile read(Path path, CommandLine cl) {
        if (path == null) {
            return new ConfigFile(Map.of());
        }
        try {
            return new ConfigFile(Json.parseObject(Files.readString(path)));
        } catch (IOException e) {
            throw new CommandLine.ParameterException(cl, "cannot read --config " + path + ": " + e.getMessage());
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(cl, "--config " + path + " is not a JSON object");
        }
    }

    String string(String name, String given) {
        if (given != null) {
            return given;
        }
        Object v = values.get(name);
        return v == null ? null : v.toString();
    }

    Integer integer(String name, Integer given) {
        if (given != null) {
            return given;
        }
        Object v = values.get(name);
        if (v instanceof Number n) {
            return n.intValue();
        }
        return v == null ? null : Integer.valueOf(v.toString());
    }

    /** The command line's values when any were given, else the file's (a string or an array of strings). */
    List<String> strings(String name, List<String> given) {
        if (given != null && !given.isEmpty()) {
            return given;
        }
        Object v = values.get(name);
        List<String> out = new ArrayList<>();
        if (v instanceof List<?> list) {
            list.forEach(item -> out.add(String.valueOf(item)));
        } else if (v != null) {
            out.add(v.toString());
        }
        return out;
    }
}
