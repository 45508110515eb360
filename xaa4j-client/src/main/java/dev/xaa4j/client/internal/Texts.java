package dev.xaa4j.client.internal;

import java.net.URI;
import java.util.Collection;

/**
 * Text helpers for messages: server text cleaning, credential redaction and URL display. Not part of the public API.
 * Stateless.
 */
public final class Texts {

    /** How many characters of a server's text (for example {@code error_description}) a message keeps. */
    public static final int SERVER_TEXT_LIMIT = 200;

    /** What a redacted credential becomes in a message. */
    public static final String REDACTED = "[redacted]";

    /** The shortest run of a credential that {@link #redact} removes; shorter credentials are removed where whole. */
    static final int REDACTED_RUN = 16;

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

    /**
     * Removes credentials from text a server sent back (a server may echo what it received): every run of at least
     * {@value #REDACTED_RUN} characters of a credential, or a whole credential when it is shorter, becomes
     * {@value #REDACTED}. For message texts, which are short; credentials shorter than four characters are ignored.
     */
    public static String redact(String text, Collection<String> credentials) {
        if (text == null || text.isEmpty() || credentials.isEmpty()) {
            return text;
        }
        boolean[] hidden = new boolean[text.length()];
        boolean any = false;
        for (String credential : credentials) {
            if (credential == null || credential.length() < 4) {
                continue;
            }
            int run = Math.min(REDACTED_RUN, credential.length());
            for (int i = 0; i + run <= text.length(); i++) {
                if (credential.contains(text.substring(i, i + run))) {
                    java.util.Arrays.fill(hidden, i, i + run, true);
                    any = true;
                }
            }
        }
        if (!any) {
            return text;
        }
        StringBuilder sb = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            if (!hidden[i]) {
                sb.append(text.charAt(i));
            } else if (i == 0 || !hidden[i - 1]) {
                sb.append(REDACTED);
            }
        }
        return sb.toString();
    }
}
