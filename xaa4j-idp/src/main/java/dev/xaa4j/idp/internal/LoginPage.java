package dev.xaa4j.idp.internal;

import dev.xaa4j.idp.IdpUser;
import java.util.Collection;
import java.util.Map;

/**
 * The HTML of the authorization endpoint: the sign-in form (the configured users to pick from, a password field when any
 * user has a password, the authorization request in hidden fields) and the error page. Every value from configuration or
 * from the request is HTML-escaped, in text and in attributes. Stateless.
 */
public final class LoginPage {

    private LoginPage() {
    }

    /**
     * The sign-in form.
     *
     * @param action  the authorization endpoint URL the form posts to
     * @param request the validated authorization request
     * @param users   the users to pick from
     * @param message a message above the form (a failed sign-in), or {@code null}
     */
    public static String form(String action, AuthorizationRequest request, Collection<IdpUser> users, String message) {
        StringBuilder html = new StringBuilder(2048);
        html.append(head("Sign in"));
        html.append("<h1>Sign in</h1>\n<p>The application <strong>").append(escape(request.client().clientId()))
                .append("</strong> asks you to sign in.</p>\n");
        if (message != null) {
            html.append("<p class=\"error\" role=\"alert\">").append(escape(message)).append("</p>\n");
        }
        if (users.isEmpty()) {
            html.append("<p>No users are configured at this identity provider.</p>\n");
            return html.append(tail()).toString();
        }
        html.append("<form method=\"post\" action=\"").append(escape(action)).append("\">\n");
        for (Map.Entry<String, String> p : request.toParameters().entrySet()) {
            html.append("<input type=\"hidden\" name=\"").append(escape(p.getKey())).append("\" value=\"")
                    .append(escape(p.getValue())).append("\">\n");
        }
        html.append("<fieldset><legend>User</legend>\n");
        boolean first = true;
        for (IdpUser user : users) {
            html.append("<label><input type=\"radio\" name=\"user\" value=\"").append(escape(user.subject())).append('"')
                    .append(first ? " checked" : "").append("> ").append(escape(user.name()));
            if (user.email() != null) {
                html.append(" &lt;").append(escape(user.email())).append("&gt;");
            }
            html.append("</label><br>\n");
            first = false;
        }
        html.append("</fieldset>\n");
        if (users.stream().anyMatch(IdpUser::hasPassword)) {
            html.append("<p><label>Password <input type=\"password\" name=\"password\" autocomplete=\"current-password\">")
                    .append("</label></p>\n");
        }
        html.append("<p><button type=\"submit\">Sign in</button></p>\n</form>\n");
        return html.append(tail()).toString();
    }

    /** A page that tells the user why the request cannot go on. */
    public static String error(String message) {
        return head("Sign-in error") + "<h1>Sign-in error</h1>\n<p>" + escape(message) + "</p>\n" + tail();
    }

    /** Escapes {@code & < > " '} for HTML text and quoted attribute values. */
    public static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    private static String head(String title) {
        return "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>" + escape(title)
                + "</title>\n<style>body{font-family:sans-serif;max-width:32em;margin:2em auto}.error{color:#b00}</style>\n"
                + "</head>\n<body>\n";
    }

    private static String tail() {
        return "</body>\n</html>\n";
    }
}
