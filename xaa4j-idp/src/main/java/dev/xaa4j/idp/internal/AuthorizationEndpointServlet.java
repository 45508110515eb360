package dev.xaa4j.idp.internal;

import dev.xaa4j.core.FormParameters;
import dev.xaa4j.core.OAuthError;
import dev.xaa4j.core.OAuthException;
import dev.xaa4j.idp.IdpClient;
import dev.xaa4j.idp.IdpUser;
import dev.xaa4j.server.TokenEndpointRequest;
import dev.xaa4j.server.TokenEndpointServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The authorization endpoint (RFC 6749 section 3.1, OpenID Connect Core 1.0 section 3.1.2) with a minimal sign-in page.
 *
 * <p>{@code GET} validates the authentication request ({@link AuthorizationRequest}: each parameter at most once) and shows
 * the form; {@code POST} (the form: the request again in hidden fields, {@code user}, and {@code password} when the user
 * has one) validates the request again, signs the user in and redirects (303) to the {@code redirect_uri} with
 * {@code code}, {@code state} and {@code iss} (RFC 9207). A client or redirect URI that is not registered gets an error
 * page (400) and no redirect; other request errors are redirected with {@code error} and {@code state}; an unknown user or
 * a wrong password shows the form again (401). Pages are sent with {@code Cache-Control: no-store} and a
 * {@code Content-Security-Policy} that allows no script and no framing. Thread-safe.
 */
public final class AuthorizationEndpointServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(AuthorizationEndpointServlet.class);
    private static final int MAX_FORM_BYTES = 16 * 1024;

    private final String issuer;
    private final String action;
    private final transient Map<String, IdpClient> clients;
    private final transient Map<String, IdpUser> users;
    private final transient AuthorizationCodes codes;
    private final transient Clock clock;

    public AuthorizationEndpointServlet(String issuer, String authorizationEndpoint, Map<String, IdpClient> clients,
            Map<String, IdpUser> users, AuthorizationCodes codes, Clock clock) {
        this.issuer = Objects.requireNonNull(issuer, "issuer");
        this.action = Objects.requireNonNull(authorizationEndpoint, "authorizationEndpoint");
        this.clients = Map.copyOf(clients);
        this.users = Collections.unmodifiableMap(new LinkedHashMap<>(users));
        this.codes = Objects.requireNonNull(codes, "codes");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        try {
            AuthorizationRequest request = AuthorizationRequest.parse(
                    TokenEndpointRequest.parse(req.getQueryString(), null), clients);
            page(resp, 200, LoginPage.form(action, request, users.values(), null));
        } catch (OAuthException e) {
            page(resp, 400, LoginPage.error("The request is malformed: " + e.error().description()));
        } catch (AuthorizationRequest.NotRedirectable e) {
            page(resp, 400, LoginPage.error(e.getMessage()));
        } catch (AuthorizationRequest.Redirectable e) {
            redirectError(resp, e);
        }
    }

    @Override
    protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        AuthorizationRequest request;
        TokenEndpointRequest form;
        try {
            form = TokenEndpointServlet.readRequest(req, MAX_FORM_BYTES);
            request = AuthorizationRequest.parse(form, clients);
        } catch (OAuthException e) {
            page(resp, 400, LoginPage.error("The request is malformed: " + e.error().description()));
            return;
        } catch (AuthorizationRequest.NotRedirectable e) {
            page(resp, 400, LoginPage.error(e.getMessage()));
            return;
        } catch (AuthorizationRequest.Redirectable e) {
            redirectError(resp, e);
            return;
        }
        String subject = form.get("user");
        IdpUser user = subject == null ? null : users.get(subject);
        if (user == null || !user.passwordMatches(form.get("password"))) {
            LOG.info("sign-in failed for client {}", request.client().clientId());
            page(resp, 401, LoginPage.form(action, request, users.values(), "Sign-in failed: unknown user or wrong password."));
            return;
        }
        String code;
        try {
            code = codes.issue(new AuthorizationCodes.Pending(request.client().clientId(), request.redirectUri(),
                    request.codeChallenge(), user.subject(), request.scopes(), request.nonce(), clock.instant()));
        } catch (OAuthException e) {
            redirectError(resp, new AuthorizationRequest.Redirectable(e.error(), request.redirectUri(), request.state()));
            return;
        }
        Map<String, String> params = new LinkedHashMap<>();
        params.put("code", code);
        params.put("state", request.state());
        params.put("iss", issuer);
        redirect(resp, request.redirectUri(), params);
    }

    private void redirectError(HttpServletResponse resp, AuthorizationRequest.Redirectable e) throws IOException {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("error", e.error().code());
        params.put("error_description", e.error().description());
        params.put("state", e.state());
        params.put("iss", issuer);
        redirect(resp, e.redirectUri(), params);
    }

    private static void redirect(HttpServletResponse resp, String redirectUri, Map<String, String> params) {
        String separator = redirectUri.contains("?") ? "&" : "?";
        resp.setStatus(303);
        resp.setHeader("Location", redirectUri + separator + FormParameters.encode(params));
        resp.setHeader("Cache-Control", "no-store");
        resp.setHeader("Referrer-Policy", "no-referrer");
    }

    private static void page(HttpServletResponse resp, int status, String html) throws IOException {
        byte[] bytes = html.getBytes(StandardCharsets.UTF_8);
        resp.setStatus(status);
        resp.setContentType("text/html;charset=UTF-8");
        resp.setHeader("Cache-Control", "no-store");
        resp.setHeader("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'");
        resp.setHeader("X-Frame-Options", "DENY");
        resp.setHeader("X-Content-Type-Options", "nosniff");
        resp.setHeader("Referrer-Policy", "no-referrer");
        resp.setContentLength(bytes.length);
        resp.getOutputStream().write(bytes);
    }
}
