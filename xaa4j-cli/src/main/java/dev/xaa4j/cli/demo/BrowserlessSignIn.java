package dev.xaa4j.cli.demo;

import dev.xaa4j.core.FormParameters;
import dev.xaa4j.core.internal.Json;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The host application's single sign-on, done the way a browser would, without one: an OpenID Connect authorization code
 * flow with PKCE (RFC 7636, S256) against the demo IdP's sign-in page. It reads the page's form, posts the chosen user,
 * takes the code from the redirect (not followed: nothing listens at the redirect URI) and redeems it at the token
 * endpoint with {@code client_secret_basic}.
 */
public final class BrowserlessSignIn {

    private static final Pattern HIDDEN = Pattern.compile(
            "<input type=\"hidden\" name=\"([^\"]*)\" value=\"([^\"]*)\">");

    /** What the sign-in produced; {@link #toString()} shows no token. */
    public record Tokens(String idToken, String refreshToken) {
        @Override
        public String toString() {
            return "Tokens[id_token=(redacted), refresh_token=" + (refreshToken == null ? "none" : "(redacted)") + "]";
        }
    }

    private final HttpClient http;

    public BrowserlessSignIn(HttpClient http) {
        this.http = http;
    }

    /**
     * Signs a user in.
     *
     * @throws IllegalStateException naming the step that did not go as the protocol says
     */
    public Tokens signIn(String authorizationEndpoint, String tokenEndpoint, String clientId, String clientSecret,
            String redirectUri, String user) throws IOException, InterruptedException {
        String verifier = random(32);
        String state = random(16);
        String nonce = random(16);
        Map<String, String> query = new LinkedHashMap<>();
        query.put("response_type", "code");
        query.put("client_id", clientId);
        query.put("redirect_uri", redirectUri);
        query.put("scope", "openid email offline_access");
        query.put("state", state);
        query.put("nonce", nonce);
        query.put("code_challenge", s256(verifier));
        query.put("code_challenge_method", "S256");
        URI authorize = URI.create(authorizationEndpoint + "?" + FormParameters.encode(query));
        HttpResponse<String> page = http.send(HttpRequest.newBuilder(authorize).timeout(Duration.ofSeconds(10)).GET()
                .build(), HttpResponse.BodyHandlers.ofString());
        if (page.statusCode() != 200) {
            throw new IllegalStateException("the sign-in page answered HTTP " + page.statusCode());
        }
        Map<String, String> form = new LinkedHashMap<>();
        Matcher m = HIDDEN.matcher(page.body());
        while (m.find()) {
            form.put(unescape(m.group(1)), unescape(m.group(2)));
        }
        form.put("user", user);
        HttpResponse<String> posted = http.send(HttpRequest.newBuilder(URI.create(authorizationEndpoint))
                .timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(FormParameters.encode(form))).build(),
                HttpResponse.BodyHandlers.ofString());
        String location = posted.headers().firstValue("Location").orElse(null);
        if (posted.statusCode() / 100 != 3 || location == null || !location.startsWith(redirectUri)) {
            throw new IllegalStateException("signing in as " + user + " did not redirect to the client (HTTP "
                    + posted.statusCode() + "): is the user configured?");
        }
        Map<String, List<String>> params = FormParameters.decode(URI.create(location).getRawQuery());
        if (!List.of(state).equals(params.get("state")) || params.get("code") == null) {
            throw new IllegalStateException("the redirect carries no code or a wrong state");
        }
        Map<String, String> redeem = new LinkedHashMap<>();
        redeem.put("grant_type", "authorization_code");
        redeem.put("code", params.get("code").get(0));
        redeem.put("redirect_uri", redirectUri);
        redeem.put("code_verifier", verifier);
        String basic = FormParameters.encode(clientId) + ":" + FormParameters.encode(clientSecret);
        HttpResponse<String> token = http.send(HttpRequest.newBuilder(URI.create(tokenEndpoint))
                .timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Accept", "application/json")
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(basic.getBytes(StandardCharsets.UTF_8)))
                .POST(HttpRequest.BodyPublishers.ofString(FormParameters.encode(redeem))).build(),
                HttpResponse.BodyHandlers.ofString());
        if (token.statusCode() != 200) {
            throw new IllegalStateException("redeeming the code answered HTTP " + token.statusCode());
        }
        Map<String, Object> json = Json.parseObject(token.body());
        if (!(json.get("id_token") instanceof String idToken)) {
            throw new IllegalStateException("the token response has no id_token");
        }
        return new Tokens(idToken, json.get("refresh_token") instanceof String r ? r : null);
    }

    private static String unescape(String s) {
        return s.replace("&quot;", "\"").replace("&#39;", "'").replace("&lt;", "<").replace("&gt;", ">")
                .replace("&amp;", "&");
    }

    private static String random(int bytes) {
        byte[] b = new byte[bytes];
        new SecureRandom().nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    private static String s256(String verifier) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(hash);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
