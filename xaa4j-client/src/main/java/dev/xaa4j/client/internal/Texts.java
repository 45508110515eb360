package dev.xaa4j.client.internal;

import java.net.URI;

/** Text helpers for messages: server text cleaning and URL display. Not part of the public API. Stateless. */
public final class Texts {

    /** How many characters of a server's text (for example {@code error_description}) a message keeps. */
    public static final int SERVER_TEXT_LIMIT = 200;

    private Texts() {
    }

    /**
     * Cleans text a server sent before it goes into a message: control and format characters become spaces, and the text
     * is cut to {@code limit} characters (with "..." when cut). {@code null} stays {@code null}.
     */
    public static String sanitize(String text, int limit) {
        if (text == null) {
            return null;
        }
        StringBuilder sb = new StringBuilder(Math.min(text.length(), limit) + 3);
        for (int i = 0; i < text.length() && sb.length() < limit; i++) {
            char c = text.charAt(i);
            sb.append(Character.isISOControl(c) || Character.getType(c) == Character.FORMAT ? ' ' : c);
        }
        if (text.length() > limit) {
            sb.append("...");
        }
        return sb.toString();
    }

    /** Server text for a message, quoted: {@code 'text'}, cleaned and cut to {@link #SERVER_TEXT_LIMIT}. */
    public static String quoted(String serverText) {
        return "'" + sanitize(serverText, SERVER_TEXT_LIMIT) + "'";
    }

    /** A URL for messages and logs: scheme, host, port and path; no user info, query or fragment. */
    public static String display(URI uri) {
        if (uri == null) {
            return "null";
        }
        if (uri.getHost() == null) {
            return sanitize(uri.getScheme() == null ? "(relative URL)" : uri.getScheme() + ":...", SERVER_TEXT_LIMIT);
        }
        StringBuilder sb = new StringBuilder();
        sb.append(uri.getScheme()).append("://").append(uri.getHost());
        if (uri.getPort() != -1) {
            sb.append(':').append(uri.getPort());
        }
        if (uri.getRawPath() != null) {
            sb.append(uri.getRawPath());
        }
        return sanitize(sb.toString(), SERVER_TEXT_LIMIT);
    }
}
