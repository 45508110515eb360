package dev.xaa4j.benchmarks;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.SignedJWT;
import dev.xaa4j.as.AccessTokenIssuer;
import dev.xaa4j.as.AuthorizationServer;
import dev.xaa4j.as.GrantContext;
import dev.xaa4j.as.IdJagGrantRequest;
import dev.xaa4j.as.IdJagValidator;
import dev.xaa4j.core.XaaIdentifiers;
import dev.xaa4j.server.AuthenticatedClient;
import dev.xaa4j.server.GrantHandler;
import dev.xaa4j.server.InMemoryReplayStore;
import dev.xaa4j.server.RegisteredClient;
import dev.xaa4j.server.TokenEndpointAuthMethod;
import dev.xaa4j.server.TokenEndpointRequest;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The authorization server in process, each ID-JAG operation beside the cryptography it cannot avoid
 * (draft-ietf-oauth-identity-assertion-authz-grant-04 section 5.1, RFC 7523, RFC 9068).
 *
 * <p>Every call takes the next ID-JAG of a pool of {@link #poolSize} signed before the trial (outside the measured
 * code), so every validation inserts a {@code jti} its replay store has not seen, as in production. When the pool runs
 * out, the benchmark goes on from its start with a new server and a new, empty replay store: an ID-JAG is never presented
 * twice to one store (a replayed {@code jti} would be refused, and the benchmark fail). Every iteration also starts with
 * a new server. The pool is signed again when it is older than five minutes, before any ID-JAG could expire.
 * <ul>
 *   <li>{@link #verify}: the signature check alone, with a verifier built once for the IdP's key: the floor.</li>
 *   <li>{@link #validate}: the whole ID-JAG checklist ({@link IdJagValidator#validate}), replay insert included.</li>
 *   <li>{@link #verifyAndSign}: the signature check plus signing an access token with the authorization server's key
 *       (a signer built once).</li>
 *   <li>{@link #grant}: validation plus minting the access token ({@link AccessTokenIssuer#issue}).</li>
 *   <li>{@link #tokenEndpoint}: the grant as the token endpoint runs it, servlet-free: form parsing, client
 *       authentication ({@code client_secret_basic}), validation, minting and the response members.</li>
 * </ul>
 * {@link BenchmarkReport} puts the ratios side by side. Not thread-safe: JMH gives each thread its own state.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class AuthorizationServerBenchmark {


    private static final String ISSUER = "https://as.bench.example";
    /** Re-sign the pool when it is older than this, so that no ID-JAG expires during a long run. */
    private static final Duration POOL_MAX_AGE = Duration.ofMinutes(5);

    /** The signature algorithm of the IdP and of the authorization server. */
    @Param({"ES256", "RS256"})
    public String alg;

    /** ID-JAGs signed per trial. */
    @Param("5000")
    public int poolSize;

    private XaaFixture fixture;
    private Instant poolIssuedAt;
    private String[] idJags;
    private JWSHeader[] headers;
    private byte[][] signingInputs;
    private Base64URL[] signatures;
    private String[] forms;
    private String authorization;
    private JWSVerifier verifier;
    private JWSSigner signer;
    private JWSHeader accessTokenHeader;
    private byte[] accessTokenSigningInput;
    private AuthenticatedClient client;

    private IdJagValidator validator;
    private AccessTokenIssuer issuer;
    private GrantHandler handler;
    private int next;

    /** Keys, verifier and signer, and the pool of ID-JAGs. */
    @Setup(Level.Trial)
    public void trial() throws ParseException {
        fixture = XaaFixture.create(alg);
        verifier = fixture.idpVerifier();
        signer = fixture.asSigner();
        RegisteredClient registered = RegisteredClient.withSecret(XaaFixture.CLIENT_ID, XaaFixture.CLIENT_SECRET);
        client = new AuthenticatedClient(XaaFixture.CLIENT_ID, TokenEndpointAuthMethod.CLIENT_SECRET_BASIC, registered);
        // A representative access token: what the issuer mints for one of these ID-JAGs.
        AuthorizationServer as = fixture.authorizationServer(ISSUER, new InMemoryReplayStore());
        String sample = new AccessTokenIssuer(ISSUER, fixture.asKeys(), AccessTokenIssuer.DEFAULT_LIFETIME, Clock.systemUTC())
                .issue(as.validator().validate(new IdJagGrantRequest(
                        fixture.idJags(ISSUER, 1, Instant.now())[0], client, null, null))).value();
        SignedJWT accessToken = SignedJWT.parse(sample);
        accessTokenHeader = new JWSHeader.Builder(accessToken.getHeader().getAlgorithm())
                .keyID(accessToken.getHeader().getKeyID())
                .type(new JOSEObjectType(XaaIdentifiers.ACCESS_TOKEN_JWT_TYPE)).build();
        accessTokenSigningInput = accessToken.getSigningInput();
        signPool();
    }

    /** A new server (and replay store); the iteration starts at the first ID-JAG of the pool. */
    @Setup(Level.Iteration)
    public void iteration() throws ParseException {
        if (Duration.between(poolIssuedAt, Instant.now()).compareTo(POOL_MAX_AGE) > 0) {
            signPool();
        }
        newServer();
    }

    private void newServer() {
        AuthorizationServer as = fixture.authorizationServer(ISSUER, new InMemoryReplayStore());
        validator = as.validator();
        handler = as.grantHandler();
        issuer = new AccessTokenIssuer(ISSUER, fixture.asKeys(), AccessTokenIssuer.DEFAULT_LIFETIME, Clock.systemUTC());
        next = 0;
    }

    /**
     * The index of the next ID-JAG; at the end of the pool, a new server with an empty replay store and index 0. Call it
     * before reading {@code validator} or {@code handler}.
     */
    private int take() {
        if (next == poolSize) {
            newServer();
        }
        return next++;
    }

    private void signPool() throws ParseException {
        poolIssuedAt = Instant.now();
        idJags = fixture.idJags(ISSUER, poolSize, poolIssuedAt);
        headers = new JWSHeader[poolSize];
        signingInputs = new byte[poolSize][];
        signatures = new Base64URL[poolSize];
        forms = new String[poolSize];
        authorization = XaaFixture.basicAuthorization();
        for (int i = 0; i < poolSize; i++) {
            SignedJWT jwt = SignedJWT.parse(idJags[i]);
            headers[i] = jwt.getHeader();
            signingInputs[i] = jwt.getSigningInput();
            signatures[i] = jwt.getSignature();
            forms[i] = XaaFixture.grantForm(idJags[i]);
        }
    }

    /** Raw signature verification of the next ID-JAG: the floor of {@link #validate}. */
    @Benchmark
    public boolean verify() throws JOSEException {
        int i = take();
        return verifier.verify(headers[i], signingInputs[i], signatures[i]);
    }

    /** The whole ID-JAG checklist for the next ID-JAG, replay insert included. */
    @Benchmark
    public GrantContext validate() {
        int i = take(); // first: at the end of the pool it replaces the validator
        return validator.validate(new IdJagGrantRequest(idJags[i], client, null, null));
    }

    /** Raw verification of the next ID-JAG plus signing an access token: the floor of {@link #grant}. */
    @Benchmark
    public Base64URL verifyAndSign() throws JOSEException {
        int i = take();
        if (!verifier.verify(headers[i], signingInputs[i], signatures[i])) {
            throw new IllegalStateException("signature does not verify");
        }
        return signer.sign(accessTokenHeader, accessTokenSigningInput);
    }

    /** Validation plus the access token (RFC 9068), signed. */
    @Benchmark
    public AccessTokenIssuer.AccessToken grant() {
        int i = take();
        return issuer.issue(validator.validate(new IdJagGrantRequest(idJags[i], client, null, null)));
    }

    /** The token endpoint's work without HTTP: form body and {@code Authorization} header in, response members out. */
    @Benchmark
    public Map<String, Object> tokenEndpoint() {
        int i = take();
        return handler.handle(TokenEndpointRequest.parse(forms[i], authorization));
    }
}
