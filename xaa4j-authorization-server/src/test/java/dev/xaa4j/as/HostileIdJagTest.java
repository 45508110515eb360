package dev.xaa4j.as;

import static dev.xaa4j.as.StandardAs.NOW;
import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.util.Base64URL;
import dev.xaa4j.as.AsTestServer.Reply;
import dev.xaa4j.core.GrantType;
import dev.xaa4j.core.XaaIdentifiers;
import dev.xaa4j.server.ClientAuthenticator;
import dev.xaa4j.server.RegisteredClient;
import dev.xaa4j.testing.TestHttpServer;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Hostile ID-JAGs and hostile token requests at the authorization server (PROTOCOL.md sections 4, 5 and 7), through the
 * real token servlet on Jetty: one table of named cases, each with the error code, HTTP status and description fragment it
 * must get. Before each case a valid control grant is accepted, so that the case fails for its one hostile change.
 *
 * <p>No hostile request is accepted (the concurrent replay case lets exactly one of its copies through: the first use).
 * Every reply is checked: no {@code access_token}, {@code Cache-Control: no-store}, a Basic challenge with each 401, and no
 * run of 16 characters of the assertion, the client secret or any other credential sent.
 */
class HostileIdJagTest {

    private static final String FORBIDDEN_CLIENT = "forbidden-client";
    private static final String WRONG_SECRET = "wrong-secret-5f1c0e9a7d3b42c8";
    private static final int CONCURRENT_COPIES = 100;

    private static TestIdp idp;
    private static TestIdp otherIdp;
    private static TestHttpServer attacker;
    private static AsTestServer server;
    private static RSAKey encryptionKey;
    private static ECKey attackerKey;

    /** A hostile attempt built from a fresh valid ID-JAG; returns the replies that must all be refused. */
    @FunctionalInterface
    interface Attack {
        List<Reply> send(IdJagFixture valid) throws Exception;
    }

    /** One change to a valid ID-JAG. */
    @BeforeAll
    static void start() {
        idp = TestIdp.start("idp");
        otherIdp = TestIdp.start("other-idp");
        attacker = TestHttpServer.start();
        encryptionKey = TestIdp.rsaKey("encryption");
        attackerKey = TestIdp.ecKey("attacker");
        attacker.route("GET", "/jwks", req -> TestHttpServer.Response.json(200,
                "{\"keys\":[" + attackerKey.toPublicJWK().toJSONString() + "]}"));
        server = AsTestServer.start(issuer -> StandardAs.builder(issuer, StandardAs.trusting(idp, otherIdp))
                .client(RegisteredClient.withSecret(FORBIDDEN_CLIENT, AsTestServer.SECRET))
                .clientPermission(client -> !client.clientId().equals(FORBIDDEN_CLIENT))
                .build());
    }

    @AfterAll
    static void stop() {
        server.close();
        attacker.close();
        idp.close();
        otherIdp.close();
    }

    private static IdJagFixture fixture() {
        return IdJagFixture.valid(idp, server.as.issuer(), NOW);
    }

    private static Arguments hostile(String name, Attack attack, String error, int status, String rule) {
        return Arguments.of(name, attack, error, status, rule);
    }

    private static Arguments invalidGrant(String name, IdJagFixture.Change change, String rule) {
        return hostile(name, claims(change), "invalid_grant", 400, rule);
    }

    /** The ID-JAG with one change, in an otherwise valid request. */
    private static Attack claims(IdJagFixture.Change change) {
        return f -> {
            change.apply(f);
            return List.of(server.grant(f.serialize()));
        };
    }

    /** The serialized ID-JAG rewritten, in an otherwise valid request. */
    private static Attack serialized(UnaryOperator<String> rewrite) {
        return f -> List.of(server.grant(rewrite.apply(f.serialize())));
    }

    /** A valid ID-JAG with extra request parameters. */
    private static Attack parameters(String... extraNameValues) {
        return f -> List.of(server.grant(f.serialize(), extraNameValues));
    }

    /** A valid ID-JAG (for this client) under another Authorization header. */
    private static Attack authorization(String header, String clientId) {
        return f -> {
            f.claims.claim("client_id", clientId);
            return List.of(server.grantAs(header, f.serialize()));
        };
    }

    /** A valid ID-JAG in a form of one's own (no Authorization header). */
    private static Attack form(UnaryOperator<List<String>> extra) {
        return f -> {
            String assertion = f.serialize();
            List<String> form = new ArrayList<>(List.of("grant_type", GrantType.JWT_BEARER.value(), "assertion", assertion));
            String body = AsTestServer.form(extra.apply(form).toArray(String[]::new));
            return List.of(server.post(AuthorizationServer.TOKEN_PATH, body, null, assertion));
        };
    }

    private static List<String> plus(List<String> form, String... nameValues) {
        form.addAll(List.of(nameValues));
        return form;
    }

    static Stream<Arguments> hostileRequests() {
        return Stream.of(
                // Checklist 1: bounded size, compact JWS only, strict base64url
                invalidGrant("JWE (encrypted, not signed)", f -> f.transform = s -> f.encrypted(encryptionKey), "JWE"),
                hostile("nested JWT (a JWS whose payload is a signed ID-JAG)", f -> {
                    String inner = f.serialize();
                    String outer = nested(inner);
                    return List.of(server.post(AuthorizationServer.TOKEN_PATH, AsTestServer.form("grant_type",
                            GrantType.JWT_BEARER.value(), "assertion", outer), basic(), outer, inner));
                }, "invalid_grant", 400, "not a JSON claims set"),
                hostile("1 MiB assertion", serialized(s -> s + "A".repeat(1024 * 1024)), "invalid_request", 400,
                        "request body larger than"),
                invalidGrant("assertion above the 16 KiB bound", f -> f.claims.claim("padding", "x".repeat(17 * 1024)),
                        "larger than 16384 bytes"),
                hostile("garbage", serialized(s -> "garbage-that-is-not-a-token"), "invalid_grant", 400, "compact JWS"),
                hostile("truncated inside the payload", serialized(s -> s.substring(0, s.indexOf('.') + 20)),
                        "invalid_grant", 400, "compact JWS"),
                hostile("truncated signature", serialized(s -> s.substring(0, s.length() - 8)), "invalid_grant", 400,
                        "signature"),
                hostile("four parts", serialized(s -> s + ".AAAA"), "invalid_grant", 400, "compact JWS"),
                hostile("header not JSON", serialized(s -> Base64URL.encode("not json") + s.substring(s.indexOf('.'))),
                        "invalid_grant", 400, "compact JWS"),
                hostile("bad base64url: a character outside the alphabet in the signature",
                        serialized(s -> s.substring(0, s.length() - 4) + "!" + s.substring(s.length() - 4)),
                        "invalid_grant", 400, "base64url"),
                hostile("bad base64url: padding after the header", serialized(s -> s.replaceFirst("\\.", "==.")),
                        "invalid_grant", 400, "base64url"),
                hostile("bad base64url: standard base64 characters in the payload",
                        serialized(s -> s.replaceFirst("\\.(.)", ".+/$1")), "invalid_grant", 400, "base64url"),
                hostile("empty assertion parameter", serialized(s -> ""), "invalid_request", 400,
                        "missing parameter 'assertion'"),
                // Checklist 2: typ
                invalidGrant("typ missing",
                        f -> f.header = new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(idp.ecKey.getKeyID()), "typ"),
                invalidGrant("typ JWT (an ID token)", f -> f.header.type(JOSEObjectType.JWT), "typ"),
                invalidGrant("typ at+jwt (an access token)", f -> f.header.type(new JOSEObjectType("at+jwt")), "typ"),
                hostile("an access token of this server presented as the grant", f -> {
                    Reply issued = server.grant(f.serialize());
                    assertThat(issued.status()).isEqualTo(200);
                    return List.of(server.grant((String) issued.json().get("access_token")));
                }, "invalid_grant", 400, "typ"),
                // Checklist 3: alg
                invalidGrant("alg none", f -> f.unsecured = true, "alg 'none'"),
                invalidGrant("HS256 keyed with the IdP public key's bytes (algorithm confusion)", f -> {
                    f.header = IdJagFixture.header(JWSAlgorithm.HS256, idp.ecKey.getKeyID());
                    f.hmacSecret = idp.ecKey.toECPublicKey().getEncoded();
                }, "alg is not an allowed asymmetric algorithm"),
                invalidGrant("HS256 keyed with the IdP public JWK's JSON", f -> {
                    f.header = IdJagFixture.header(JWSAlgorithm.HS256, idp.ecKey.getKeyID());
                    f.hmacSecret = idp.ecKey.toPublicJWK().toJSONString().getBytes(StandardCharsets.UTF_8);
                }, "alg is not an allowed asymmetric algorithm"),
                // Checklist 4: issuer and signature
                invalidGrant("unknown kid", f -> f.header = IdJagFixture.header(JWSAlgorithm.ES256, "no-such-kid"),
                        "no key of the ID-JAG issuer"),
                invalidGrant("kid with a path traversal", f -> f.header = IdJagFixture.header(JWSAlgorithm.ES256,
                        "../../../../etc/passwd"), "no key of the ID-JAG issuer"),
                invalidGrant("the kid and key of another trusted IdP", f -> signWith(f, otherIdp.ecKey),
                        "no key of the ID-JAG issuer"),
                invalidGrant("another trusted IdP's key under the issuer's kid", f -> f.signingKey = otherIdp.ecKey,
                        "signature"),
                invalidGrant("signed by an unpublished key under the issuer's kid",
                        f -> f.signingKey = TestIdp.ecKey(idp.ecKey.getKeyID()), "signature"),
                invalidGrant("payload changed after signing", f -> f.transform = s -> {
                    String[] parts = s.split("\\.");
                    return parts[0] + "." + Base64URL.encode(f.claims.subject("admin").build().toString()) + "." + parts[2];
                }, "signature"),
                invalidGrant("the attacker's key embedded in a jwk header", f -> {
                    f.header.jwk(attackerKey.toPublicJWK());
                    f.signingKey = attackerKey;
                }, "signature"),
                hostile("a jku header naming the attacker's JWK set", f -> {
                    signWith(f, attackerKey);
                    f.header.jwkURL(attacker.url("/jwks"));
                    Reply reply = server.grant(f.serialize());
                    assertThat(attacker.requests()).as("the attacker's JWK set is never fetched").isEmpty();
                    return List.of(reply);
                }, "invalid_grant", 400, "no key of the ID-JAG issuer"),
                invalidGrant("a critical header parameter the server does not understand",
                        f -> f.header.criticalParams(Set.of("x-must-understand")).customParam("x-must-understand", true),
                        "signature"),
                invalidGrant("iss missing", f -> f.claims.issuer(null), "'iss' is missing"),
                invalidGrant("iss not trusted", f -> f.claims.issuer("https://untrusted-idp.example.com"),
                        "not a trusted issuer"),
                invalidGrant("iss is this authorization server", f -> f.claims.issuer(server.as.issuer()),
                        "not a trusted issuer"),
                invalidGrant("iss of the other trusted IdP, signed by this IdP",
                        f -> f.claims.issuer(otherIdp.issuer()), "no key of the ID-JAG issuer"),
                invalidGrant("iss a number", f -> f.rawClaims.put("iss", 42), "not a JSON claims set"),
                // Checklist 5: aud
                invalidGrant("aud another AS", f -> f.claims.audience("https://other-as.example.com"), "aud"),
                invalidGrant("aud with two elements",
                        f -> f.claims.audience(List.of(server.as.issuer(), "https://other-as.example.com")),
                        "exactly one audience"),
                invalidGrant("aud with a trailing slash", f -> f.claims.audience(server.as.issuer() + "/"), "aud"),
                invalidGrant("aud missing", f -> f.claims.audience((String) null), "'aud' is missing"),
                invalidGrant("aud a number", f -> f.rawClaims.put("aud", 42), "not a JSON claims set"),
                // Checklist 6: times
                invalidGrant("expired beyond the skew", f -> f.claims.issueTime(date(-400)).expirationTime(date(-61)),
                        "expired (exp)"),
                invalidGrant("iat in the future beyond the skew",
                        f -> f.claims.issueTime(date(61)).expirationTime(date(300)), "iat is in the future"),
                invalidGrant("nbf in the future beyond the skew", f -> f.claims.notBeforeTime(date(61)),
                        "not valid yet (nbf)"),
                invalidGrant("lifetime above 600 s", f -> f.claims.expirationTime(date(601)), "lifetime"),
                invalidGrant("exp in the year 9999", f -> f.claims.expirationTime(Date.from(java.time.Instant.parse(
                        "9999-12-31T00:00:00Z"))), "lifetime"),
                invalidGrant("exp before iat", f -> f.claims.expirationTime(date(-10)), "exp is not after iat"),
                invalidGrant("exp missing", f -> f.claims.expirationTime(null), "'exp' is missing"),
                invalidGrant("iat missing", f -> f.claims.issueTime(null), "'iat' is missing"),
                invalidGrant("exp a string", f -> f.rawClaims.put("exp", "tomorrow"), "not a JSON claims set"),
                // Required claims
                invalidGrant("sub missing", f -> f.claims.subject(null), "'sub' is missing"),
                invalidGrant("client_id missing", f -> f.claims.claim("client_id", null), "'client_id' is missing"),
                invalidGrant("client_id an array", f -> f.rawClaims.put("client_id", List.of(IdJagFixture.CLIENT_ID)),
                        "'client_id'"),
                invalidGrant("jti missing", f -> f.claims.jwtID(null), "'jti' is missing"),
                // Checklist 7: single use
                hostile("replayed after its first use", f -> {
                    String assertion = f.serialize();
                    assertThat(server.grant(assertion).status()).as("first use").isEqualTo(200);
                    return List.of(server.grant(assertion));
                }, "invalid_grant", 400, "already used (jti)"),
                hostile("replayed concurrently: " + CONCURRENT_COPIES + " copies at once", HostileIdJagTest::concurrently,
                        "invalid_grant", 400, "already used (jti)"),
                hostile("another ID-JAG reusing a used jti", f -> {
                    IdJagFixture second = fixture();
                    second.claims.jwtID(f.claims.build().getJWTID()).subject("user-2");
                    assertThat(server.grant(f.serialize()).status()).as("first use").isEqualTo(200);
                    return List.of(server.grant(second.serialize()));
                }, "invalid_grant", 400, "already used (jti)"),
                // Checklist 8: client authentication and the client_id claim
                invalidGrant("client_id of another registered client",
                        f -> f.claims.claim("client_id", StandardAs.OTHER_CLIENT_ID), "client_id"),
                hostile("two client authentication methods: Basic and client_secret",
                        parameters("client_secret", AsTestServer.SECRET), "invalid_request", 400,
                        "more than one client authentication method"),
                hostile("two client authentication methods: Basic and a client assertion",
                        parameters("client_assertion_type", XaaIdentifiers.CLIENT_ASSERTION_TYPE_JWT_BEARER,
                                "client_assertion", "eyJhbGciOiJFUzI1NiJ9.e30.c2ln"),
                        "invalid_request", 400, "more than one client authentication method"),
                hostile("Basic with bad base64", authorization("Basic %%%not-base64%%%", IdJagFixture.CLIENT_ID),
                        "invalid_client", 401, "malformed Basic credentials"),
                hostile("Basic without a colon", authorization("Basic " + Base64.getEncoder().encodeToString(
                        IdJagFixture.CLIENT_ID.getBytes(StandardCharsets.UTF_8)), IdJagFixture.CLIENT_ID),
                        "invalid_client", 401, "malformed Basic credentials"),
                hostile("Basic with the wrong secret", authorization(ClientAuthenticator.basicHeader(IdJagFixture.CLIENT_ID,
                        WRONG_SECRET), IdJagFixture.CLIENT_ID), "invalid_client", 401, "client authentication failed"),
                hostile("unknown client", authorization(ClientAuthenticator.basicHeader("unknown-client",
                        AsTestServer.SECRET), "unknown-client"), "invalid_client", 401, "client authentication failed"),
                hostile("a client not allowed the grant", authorization(ClientAuthenticator.basicHeader(FORBIDDEN_CLIENT,
                        AsTestServer.SECRET), FORBIDDEN_CLIENT), "unauthorized_client", 400, "not allowed"),
                hostile("no client authentication", authorization(null, IdJagFixture.CLIENT_ID), "invalid_client", 401,
                        "client authentication is required"),
                hostile("client_secret_post with the wrong secret",
                        form(form -> plus(form, "client_id", IdJagFixture.CLIENT_ID, "client_secret", WRONG_SECRET)),
                        "invalid_client", 401, "client authentication failed"),
                hostile("client_id in the body differs from the Basic client",
                        parameters("client_id", StandardAs.OTHER_CLIENT_ID), "invalid_client", 401,
                        "client_id does not match"),
                // Checklist 9 and 10: resource and scope
                invalidGrant("resource of another server", f -> f.claims.claim("resource", "https://other.example.com/mcp"),
                        "resource"),
                invalidGrant("a resource array with a foreign entry",
                        f -> f.claims.claim("resource", List.of(IdJagFixture.RESOURCE, "https://other.example.com/mcp")),
                        "resource"),
                hostile("resource parameter naming another server", parameters("resource", "https://other.example.com/mcp"),
                        "invalid_target", 400, "resource parameter"),
                hostile("scope outside the resource", claims(f -> f.claims.claim("scope", "admin")), "invalid_scope", 400,
                        "none of the asked scopes"),
                hostile("scope parameter the ID-JAG does not grant", parameters("scope", "tools.read admin"),
                        "invalid_scope", 400, "does not grant"),
                hostile("malformed scope parameter", parameters("scope", "tools.read \"quoted\""), "invalid_scope", 400,
                        "malformed"),
                // Request syntax
                hostile("duplicate assertion parameters", f -> {
                    String assertion = f.serialize();
                    return List.of(server.grant(assertion, "assertion", assertion));
                }, "invalid_request", 400, "'assertion' is repeated"),
                hostile("two different assertions", f -> {
                    String first = f.serialize();
                    String second = fixture().serialize();
                    return List.of(server.post(AuthorizationServer.TOKEN_PATH, AsTestServer.form("grant_type",
                            GrantType.JWT_BEARER.value(), "assertion", first, "assertion", second), basic(), first, second));
                }, "invalid_request", 400, "'assertion' is repeated"),
                hostile("duplicate grant_type parameters",
                        form(form -> plus(form, "grant_type", GrantType.JWT_BEARER.value())), "invalid_request", 400,
                        "'grant_type' is repeated"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("hostileRequests")
    void whenRequestIsHostileThenItIsRefusedWithTheRightErrorAndEchoesNothing(String name, Attack attack, String error,
            int status, String rule) throws Exception {
        assertThat(server.grant(fixture().serialize()).status()).as("control").isEqualTo(200);

        List<Reply> replies = attack.send(fixture());

        assertThat(replies).isNotEmpty();
        for (Reply reply : replies) {
            assertThat(reply.status()).as(name + ": HTTP " + reply.status() + " " + reply.error()).isEqualTo(status);
            assertThat(reply.error()).isEqualTo(error);
            assertThat(reply.description()).contains(rule);
            assertThat(reply.json()).doesNotContainKey("access_token");
            assertThat(reply.header("Cache-Control")).isEqualTo("no-store");
            if (status == 401) {
                assertThat(reply.header("WWW-Authenticate")).startsWith("Basic realm=");
            }
            for (String secret : List.of(AsTestServer.SECRET, WRONG_SECRET)) {
                AsTestServer.assertNoRunOf(secret, reply.body());
            }
        }
    }

    @Test
    void whenTheTableIsCountedThenItHasAtLeastFortyCases() {
        assertThat(hostileRequests().count()).isGreaterThanOrEqualTo(40);
    }

    private static List<Reply> concurrently(IdJagFixture f) {
        String assertion = f.serialize();
        HttpRequest request = server.postRequest(AuthorizationServer.TOKEN_PATH,
                AsTestServer.form("grant_type", GrantType.JWT_BEARER.value(), "assertion", assertion), basic());
        List<CompletableFuture<Reply>> sent = new ArrayList<>();
        for (int i = 0; i < CONCURRENT_COPIES; i++) {
            sent.add(server.sendAsync(request, assertion));
        }
        List<Reply> replies = new ArrayList<>(sent.stream().map(CompletableFuture::join).toList());
        assertThat(replies).as("exactly one copy is accepted: the first use").filteredOn(r -> r.status() == 200).hasSize(1);
        replies.removeIf(r -> r.status() == 200);
        return replies;
    }

    private static String nested(String inner) throws JOSEException {
        JWSObject outer = new JWSObject(IdJagFixture.header(JWSAlgorithm.ES256, idp.ecKey.getKeyID()).contentType("JWT")
                .build(), new Payload(inner));
        outer.sign(new ECDSASigner(idp.ecKey));
        return outer.serialize();
    }

    private static void signWith(IdJagFixture f, ECKey key) {
        f.signingKey = key;
        f.header = IdJagFixture.header(JWSAlgorithm.ES256, key.getKeyID());
    }

    private static String basic() {
        return ClientAuthenticator.basicHeader(IdJagFixture.CLIENT_ID, AsTestServer.SECRET);
    }

    private static Date date(long secondsFromNow) {
        return Date.from(NOW.plusSeconds(secondsFromNow));
    }
}
