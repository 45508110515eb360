package dev.xaa4j.idp;

import dev.xaa4j.core.FormParameters;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** What a browser does with the IdP's sign-in page: read the form, pick a user, post it. Also PKCE values. */
final class Browser {

    private static final Pattern FORM = Pattern.compile("<form method=\"post\" action=\"([^\"]*)\">");
    private static final Pattern HIDDEN = Pattern.compile("<input type=\"hidden\" name=\"([^\"]*)\" value=\"([^\"]*)\">");
    private static final Pattern USER = Pattern.compile("<input type=\"radio\" name=\"user\" value=\"([^\"]*)\"");

    /** The sign-in form of a page. */
    record LoginForm(URI action, Map<String, String> hidden, List<String> users, boolean asksPassword) {

        /** The form fields a browser posts when this user is picked. */
        Map<String, String> submit(String user, String password) {
            Map<String, String> fields = new LinkedHashMap<>(hidden);
            fields.put("user", user);
            if (password != null) {
                fields.put("password", password);
            }
            return fields;
        }
    }

    private Browser() {
    }

    static LoginForm parse(String html) {
        Matcher form = FORM.matcher(html);
        if (!form.find()) {
            throw new AssertionError("no sign-in form in the page");
        }
        Map<String, String> hidden = new LinkedHashMap<>();
        Matcher h = HIDDEN.matcher(html);
        while (h.find()) {
            hidden.put(unescape(h.group(1)), unescape(h.group(2)));
        }
        List<String> users = new ArrayList<>();
        Matcher u = USER.matcher(html);
        while (u.find()) {
            users.add(unescape(u.group(1)));
        }
        return new LoginForm(URI.create(unescape(form.group(1))), hidden, users, html.contains("type=\"password\""));
    }

    static String unescape(String html) {
        return html.replace("&quot;", "\"").replace("&#39;", "'").replace("&lt;", "<").replace("&gt;", ">")
                .replace("&amp;", "&");
    }

    /** The query parameters of a URL (each once). */
    static Map<String, String> query(URI uri) {
        Map<String, String> out = new LinkedHashMap<>();
        FormParameters.decode(uri.getRawQuery()).forEach((k, v) -> out.put(k, v.get(0)));
        return out;
    }

    static URI location(HttpResponse<String> response) {
        return URI.create(response.headers().firstValue("Location").orElseThrow(() -> new AssertionError(
                "no Location: " + response.statusCode())));
    }

    static String s256(String verifier) throws Exception {
        byte[] digest = MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
        return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
    }
}
