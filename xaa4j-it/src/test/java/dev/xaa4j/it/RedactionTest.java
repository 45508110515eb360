package dev.xaa4j.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jwt.SignedJWT;
import dev.xaa4j.client.AccessToken;
import dev.xaa4j.client.ClientAuthentication;
import dev.xaa4j.client.IdJag;
import dev.xaa4j.client.IdJagRequest;
import dev.xaa4j.client.IdJagSource;
import dev.xaa4j.client.JwtBearerClient;
import dev.xaa4j.client.McpAuthorizationDiscovery;
import dev.xaa4j.client.McpServerAuthorization;
import dev.xaa4j.client.RefreshedIdToken;
import dev.xaa4j.client.SubjectToken;
import dev.xaa4j.client.SubjectTokenSource;
import dev.xaa4j.client.TokenExchangeClient;
import dev.xaa4j.client.TokenKey;
import dev.xaa4j.core.IdJagClaims;
import dev.xaa4j.core.OAuthError;
import dev.xaa4j.idp.IdpUser;
import dev.xaa4j.idp.IssuedIdToken;
import dev.xaa4j.mcp.client.CrossAppAccessProvider;
import dev.xaa4j.resource.JwtAccessTokenVerifier;
import dev.xaa4j.server.AuthenticatedClient;
import dev.xaa4j.server.ClientAuthenticator;
import dev.xaa4j.server.RegisteredClient;
import dev.xaa4j.server.SigningKeys;
import dev.xaa4j.server.TokenEndpointAuthMethod;
import dev.xaa4j.server.TokenEndpointRequest;
import io.modelcontextprotocol.client.McpSyncClient;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.logging.ConsoleHandler;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.LoggerFactory;

/**
 * Redaction of the whole flow (PROTOCOL.md section 7): the real IdP, authorization server and MCP server, the layer-2
 * clients and the MCP SDK client through the provider, with every logger at TRACE (slf4j-simple; this class runs in a JVM
 * of its own, see the module's pom) and every {@code java.util.logging} logger at ALL. Everything logged and printed is
 * captured, with the message and stack trace of every exception the flow's failures raised and the {@code toString} of
 * the public types it touched; then no run of 16 characters of any token, assertion, secret or private key the test
 * created may appear in it.
 */
@Timeout(120)
class RedactionTest {

    private static final int RUN = 16;
    /** A log record of slf4j-simple: {@code [thread] LEVEL logger - message}; group 1 is the logger. */
    private static final Pattern RECORD = Pattern.compile("\\[[^\\]]*\\] (?:TRACE|DEBUG|INFO|WARN|ERROR) (\\S+) - ");
    /** A line that continues the record above it: a stack trace's. */
    private static final Pattern CONTINUATION = Pattern.compile("\\s|Caused by: |Suppressed: ");
    /** Jetty's loggers that dump raw HTTP traffic at DEBUG (see {@link #assertNoCredentialIn}). */
    private static final Set<String> WIRE_LOGGERS = Set.of(
            "org.eclipse.jetty.http.HttpParser",
            "org.eclipse.jetty.io.SocketChannelEndPoint",
            "org.eclipse.jetty.server.internal.HttpConnection",
            "org.eclipse.jetty.server.Request",
            "org.eclipse.jetty.ee11.servlet.AsyncContentProducer",
            "org.eclipse.jetty.ee11.servlet.BlockingContentProducer");
    private static final ByteArrayOutputStream CAPTURED = new ByteArrayOutputStream();
    private static final PrintStream CONSOLE = System.out;

    static {
        // Before the first logger exists: whatever is printed goes to the capture (not to the console: TRACE is a lot).
        System.setOut(new PrintStream(new Capture(CAPTURED), true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(new Capture(CAPTURED), true, StandardCharsets.UTF_8));
        Logger root = Logger.getLogger("");
        for (Handler handler : root.getHandlers()) {
            root.removeHandler(handler);
        }
        ConsoleHandler console = new ConsoleHandler(); // on the System.err just set
        console.setLevel(Level.ALL);
        root.addHandler(console);
        root.setLevel(Level.ALL);
    }

    /** Every credential the test saw: tokens, assertions, secrets, Basic headers, private key parts. */
    private final Set<String> credentials = new LinkedHashSet<>();
    /** Exception messages and stack traces, and the toString of public types. */
    private final StringWriter described = new StringWriter();

    @Test
    void whenTheWholeFlowRunsWithEveryLoggerAtTraceThenNoCredentialAppearsInWhatIsLoggedPrintedOrDescribed()
            throws Exception {
        assertThat(LoggerFactory.getLogger("dev.xaa4j").isTraceEnabled()).as("this JVM logs at TRACE").isTrue();
        try (ThreeServers servers = new ThreeServers()) {
            credentials.addAll(List.of(servers.idpSecret, servers.asSecret,
                    basic(ThreeServers.IDP_CLIENT, servers.idpSecret), basic(ThreeServers.AS_CLIENT, servers.asSecret)));
            privateKeyParts(servers.idp.signingKeys());
            privateKeyParts(servers.as.signingKeys());
            IssuedIdToken signIn = servers.idp.issueIdToken(ThreeServers.USER, ThreeServers.IDP_CLIENT, true);
            credentials.addAll(List.of(signIn.idToken(), signIn.refreshToken()));
            describe(signIn, servers.idp, servers.as, servers.idp.signingKeys(), servers.as.signingKeys());

            layerTwoFlow(servers, signIn);
            providerFlow(servers, signIn);
            failures(servers, signIn);
            serverSideValues(servers);
            credentials.addAll(servers.accessTokensSeen);
        }

        String everything;
        synchronized (CAPTURED) {
            everything = CAPTURED.toString(StandardCharsets.UTF_8) + described;
        }

        assertThat(everything).as("the capture holds TRACE and DEBUG lines of xaa4j")
                .contains("DEBUG dev.xaa4j.client.internal.HttpTransport", "TRACE org.eclipse.jetty");
        assertThat(credentials).hasSizeGreaterThan(15);
        int wireRecords = assertNoCredentialIn(everything, credentials);
        CONSOLE.printf("redaction: %d credentials, 0 found in %d characters of logs, output and descriptions "
                + "(%d records of Jetty's wire loggers left out)%n", credentials.size(), everything.length(), wireRecords);
    }

    @Test
    void whenACredentialIsInAnyRecordButAWireLoggersThenTheSearchFindsIt() {
        String credential = "eyJhbGciOiJFUzI1NiJ9.c2VjcmV0LWNyZWRlbnRpYWw";
        String wire = "[qtp-1] DEBUG org.eclipse.jetty.http.HttpParser - FIELD(Authorization: Bearer " + credential + ")\n";

        assertNoCredentialIn(wire, Set.of(credential));
        for (String leak : List.of("[main] TRACE dev.xaa4j.client.TokenBroker - renewed " + credential.substring(3, 25) + "\n",
                "printed before any record " + credential + "\n",
                "[main] WARN io.modelcontextprotocol.Client - failed\n\tat " + credential + "\n")) {
            assertThatExceptionOfType(AssertionError.class)
                    .isThrownBy(() -> assertNoCredentialIn(wire + leak, Set.of(credential)));
        }
    }

    /** Discovery, token exchange, JWT bearer grant and a refresh of the ID token, with the layer-2 clients. */
    private void layerTwoFlow(ThreeServers servers, IssuedIdToken signIn) throws java.text.ParseException {
        McpServerAuthorization target = McpAuthorizationDiscovery.builder().httpOptions(ThreeServers.FAST).build()
                .discover(URI.create(servers.resource));
        TokenExchangeClient idp = servers.tokenExchange();
        SubjectToken subject = SubjectToken.idToken(signIn.idToken());
        IdJag idJag = idp.requestIdJag(subject, target);
        credentials.add(idJag.token());
        JwtBearerClient as = asClient(servers, servers.asSecret);
        AccessToken accessToken = as.requestAccessToken(idJag);
        credentials.add(accessToken.token());
        RefreshedIdToken refreshed = idp.refreshIdToken(signIn.refreshToken(), List.of("openid"));
        credentials.add(refreshed.idToken());
        if (refreshed.refreshToken() != null) {
            credentials.add(refreshed.refreshToken());
        }
        describe(target, idp, subject, idJag, as, accessToken, refreshed, ThreeServers.FAST,
                ClientAuthentication.clientSecretBasic(ThreeServers.AS_CLIENT, servers.asSecret),
                ClientAuthentication.clientSecretPost(ThreeServers.AS_CLIENT, servers.asSecret),
                IdJagClaims.parse(parse(idJag.token())));
        describe(JwtAccessTokenVerifier.builder(servers.as.issuer(), servers.resource, URI.create(servers.as.jwksUri()))
                .build().verify(accessToken.token()));
    }

    /** The MCP SDK client through the provider, whose ID-JAGs are recorded on their way; the ID token refreshes. */
    private void providerFlow(ThreeServers servers, IssuedIdToken signIn) {
        TokenExchangeClient idp = servers.tokenExchange();
        SubjectTokenSource subjectTokens = SubjectTokenSource.refreshing(idp, signIn.idToken(), signIn.refreshToken());
        IdJagSource exchange = IdJagSource.tokenExchange(idp, subjectTokens);
        IdJagSource recording = new IdJagSource() {
            @Override
            public IdJag get(IdJagRequest request) {
                IdJag idJag = exchange.get(request);
                credentials.add(idJag.token());
                return idJag;
            }

            @Override
            public String idpIssuer() {
                return exchange.idpIssuer();
            }

            @Override
            public String subjectKey() {
                return exchange.subjectKey();
            }
        };
        try (CrossAppAccessProvider provider = CrossAppAccessProvider.builder()
                .idJagSource(recording)
                .authorizationServerClient(ThreeServers.AS_CLIENT, servers.asSecret)
                .httpOptions(ThreeServers.FAST)
                .build();
             McpSyncClient client = servers.mcpClient(provider)) {
            client.initialize();
            assertThat(ThreeServers.text(client.callTool(ThreeServers.whoami()))).contains("user=alice");
            describe(provider, provider.tokenBroker(), subjectTokens, exchange, new TokenKey(exchange.idpIssuer(),
                    exchange.subjectKey(), servers.as.issuer(), servers.resource, Set.of("mcp:read")));
        }
    }

    /** Refusals along the flow, each raising an exception whose message and stack trace are captured. */
    private void failures(ThreeServers servers, IssuedIdToken signIn) throws Exception {
        TokenExchangeClient idp = servers.tokenExchange();
        IdJag idJag = idp.requestIdJag(SubjectToken.idToken(signIn.idToken()), servers.as.issuer(), servers.resource,
                List.of("mcp:read"));
        credentials.add(idJag.token());
        JwtBearerClient as = asClient(servers, servers.asSecret);
        credentials.add(as.requestAccessToken(idJag).token());
        String wrongSecret = "wrong-" + servers.asSecret;
        credentials.add(wrongSecret);
        String tamperedIdToken = signIn.idToken().substring(0, signIn.idToken().length() - 4) + "AAAA";
        credentials.add(tamperedIdToken);
        List<Throwable> thrown = new ArrayList<>(List.of(
                catchThrowable(() -> as.requestAccessToken(idJag)),
                catchThrowable(() -> asClient(servers, wrongSecret).requestAccessToken(idJag)),
                catchThrowable(() -> idp.requestIdJag(SubjectToken.idToken(tamperedIdToken), servers.as.issuer(),
                        servers.resource, List.of("mcp:read"))),
                catchThrowable(() -> idp.refreshIdToken(signIn.idToken(), List.of())),
                catchThrowable(() -> JwtAccessTokenVerifier.builder(servers.as.issuer(), servers.resource,
                        URI.create(servers.as.jwksUri())).build().verify(idJag.token()))));
        try (CrossAppAccessProvider provider = servers.provider(tamperedIdToken).build();
             McpSyncClient client = servers.mcpClient(provider)) {
            thrown.add(catchThrowable(client::initialize));
        }
        HttpResponse<String> unauthorized = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(servers.resource))
                        .header("Authorization", "Bearer " + idJag.token()).header("Content-Type", "application/json")
                        .header("Accept", "application/json, text/event-stream")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(unauthorized.statusCode()).isEqualTo(401);
        described.append(unauthorized.headers().map().toString()).append(unauthorized.body()).append('\n');
        assertThat(thrown).doesNotContainNull();
        for (Throwable t : thrown) {
            t.printStackTrace(new PrintWriter(described));
            described.append(t.toString()).append('\n');
        }
    }

    /** The toString of the servers' own values that carry credentials. */
    private void serverSideValues(ThreeServers servers) {
        RegisteredClient client = RegisteredClient.withSecret(ThreeServers.AS_CLIENT, servers.asSecret);
        String assertion = servers.accessTokensSeen.isEmpty() ? "none" : servers.accessTokensSeen.get(0);
        describe(client, new AuthenticatedClient(ThreeServers.AS_CLIENT, TokenEndpointAuthMethod.CLIENT_SECRET_BASIC, client),
                TokenEndpointRequest.parse("grant_type=x&assertion=" + assertion + "&client_secret=" + servers.asSecret,
                        ClientAuthenticator.basicHeader(ThreeServers.AS_CLIENT, servers.asSecret)),
                IdpUser.of("bob").withPassword("bob-password-7f3a9c1e5d"),
                OAuthError.invalidGrant("refused"));
        credentials.add("bob-password-7f3a9c1e5d");
    }

    private static JwtBearerClient asClient(ThreeServers servers, String secret) {
        return JwtBearerClient.builder(URI.create(servers.as.tokenEndpoint()),
                        ClientAuthentication.clientSecretBasic(ThreeServers.AS_CLIENT, secret))
                .issuer(servers.as.issuer())
                .httpOptions(ThreeServers.FAST)
                .build();
    }

    private void describe(Object... values) {
        for (Object value : values) {
            described.append(String.valueOf(value)).append('\n');
        }
    }

    /** The private parts of the signing keys: JWK members and the PKCS#8 encoding. */
    private void privateKeyParts(SigningKeys keys) throws Exception {
        for (JWK jwk : JWKSet.parse(keys.privateJwkSetJson()).getKeys()) {
            for (String member : List.of("d", "p", "q", "dp", "dq", "qi")) {
                Object value = jwk.toJSONObject().get(member);
                if (value != null) {
                    credentials.add(value.toString());
                }
            }
            credentials.add(Base64.getEncoder().encodeToString(jwk.toECKey().toPrivateKey().getEncoded()));
        }
    }

    /**
     * Fails when a run of 16 characters of a credential appears outside the records of Jetty's wire loggers. Those dump the
     * raw HTTP bytes they parse (request lines, headers such as {@code Authorization}, bodies) at DEBUG; they are Jetty's,
     * not xaa4j's, and the README says to keep {@code org.eclipse.jetty} at INFO. A log record is a line
     * {@code [thread] LEVEL logger - ...} and the stack trace lines under it; any other line was printed.
     *
     * @return the number of wire logger records left out
     */
    private static int assertNoCredentialIn(String text, Set<String> credentials) {
        Map<String, Integer> runs = new HashMap<>();
        List<String> list = new ArrayList<>(credentials);
        for (int c = 0; c < list.size(); c++) {
            String credential = list.get(c);
            for (int i = 0; i + RUN <= credential.length(); i++) {
                runs.putIfAbsent(credential.substring(i, i + RUN), c);
            }
        }
        Set<String> where = new TreeSet<>();
        int wireRecords = 0;
        String logger = "(printed)";
        for (String line : text.split("\n", -1)) {
            Matcher record = RECORD.matcher(line);
            if (record.lookingAt()) {
                logger = record.group(1);
                wireRecords += WIRE_LOGGERS.contains(logger) ? 1 : 0;
            } else if (!CONTINUATION.matcher(line).lookingAt()) {
                logger = "(printed)";
            }
            if (WIRE_LOGGERS.contains(logger)) {
                continue;
            }
            for (int i = 0; i + RUN <= line.length(); i++) {
                Integer which = runs.get(line.substring(i, i + RUN));
                if (which != null) {
                    where.add(logger + ": credential #" + which);
                }
            }
        }
        assertThat(where).as("where credentials appear (logger: credential number)").isEmpty();
        return wireRecords;
    }

    private static String basic(String id, String secret) {
        return ClientAuthenticator.basicHeader(id, secret).substring("Basic ".length());
    }

    private static com.nimbusds.jwt.JWTClaimsSet parse(String jwt) throws java.text.ParseException {
        return SignedJWT.parse(jwt).getJWTClaimsSet();
    }

    /** Appends to the capture; System.out and System.err share it, one write at a time. */
    private static final class Capture extends OutputStream {
        private final ByteArrayOutputStream target;

        Capture(ByteArrayOutputStream target) {
            this.target = target;
        }

        @Override
        public void write(int b) {
            synchronized (target) {
                target.write(b);
            }
        }

        @Override
        public void write(byte[] b, int off, int len) {
            synchronized (target) {
                target.write(b, off, len);
            }
        }
    }
}
