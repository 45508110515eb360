package dev.xaa4j.server;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.factories.DefaultJWSSignerFactory;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * The signing keys of a token-issuing server: one active key that signs, and the keys published in the JWK set (the active
 * one and up to {@value #MAX_PUBLISHED} - 1 previous ones, so tokens signed before a rotation still verify).
 *
 * <p>Supported algorithms: ES256, ES384, RS256, PS256. Thread-safe: signing reads an immutable snapshot; {@link #rotate()}
 * swaps it atomically. {@link #toString()} shows key ids only; the private keys leave this object only through
 * {@link #privateJwkSetJson()}, for storing them.
 *
 * <pre>{@code
 * SigningKeys keys = SigningKeys.generate("ES256");
 * String jwt = keys.sign(claims, "at+jwt");
 * String jwks = keys.publicJwkSetJson();   // serve at jwks_uri
 * }</pre>
 */
public final class SigningKeys {

    /** How many keys the JWK set publishes at most. */
    public static final int MAX_PUBLISHED = 3;

    private record State(JWK active, JWSAlgorithm algorithm, JWSSigner signer, List<JWK> published, String publicJson) {
    }

    private volatile State state;

    private SigningKeys(State state) {
        this.state = state;
    }

    /** Generates a fresh key for the algorithm ({@code ES256}, {@code ES384}, {@code RS256} or {@code PS256}). */
    public static SigningKeys generate(String algorithm) {
        JWSAlgorithm alg = algorithm(algorithm);
        JWK key = generateKey(alg);
        return new SigningKeys(state(key, alg, List.of(key)));
    }

    /**
     * Loads private keys from a JWK set; the first key is the active one. Each key needs a {@code kid} and an {@code alg}
     * (or is an EC P-256 key, taken as ES256).
     *
     * @throws IllegalArgumentException when the set is not parseable, empty, or holds a public-only or unsupported key
     */
    public static SigningKeys fromJwkSet(String privateJwkSetJson) {
        JWKSet set;
        try {
            set = JWKSet.parse(Objects.requireNonNull(privateJwkSetJson, "privateJwkSetJson"));
        } catch (ParseException e) {
            throw new IllegalArgumentException("not a JWK set");
        }
        if (set.getKeys().isEmpty()) {
            throw new IllegalArgumentException("the JWK set is empty");
        }
        for (JWK k : set.getKeys()) {
            if (!k.isPrivate() || k.getKeyID() == null) {
                throw new IllegalArgumentException("every key needs a private part and a kid");
            }
        }
        JWK active = set.getKeys().get(0);
        JWSAlgorithm alg = active.getAlgorithm() != null ? algorithm(active.getAlgorithm().getName())
                : active instanceof ECKey ec && Curve.P_256.equals(ec.getCurve()) ? JWSAlgorithm.ES256 : null;
        if (alg == null) {
            throw new IllegalArgumentException("the active key needs an 'alg'");
        }
        List<JWK> published = set.getKeys().subList(0, Math.min(MAX_PUBLISHED, set.getKeys().size()));
        return new SigningKeys(state(active, alg, published));
    }

    /** Makes a new key of the same algorithm active; the previous keys stay published (up to {@value #MAX_PUBLISHED}). */
    public synchronized void rotate() {
        State current = state;
        JWK key = generateKey(current.algorithm());
        List<JWK> published = new ArrayList<>();
        published.add(key);
        for (JWK old : current.published()) {
            if (published.size() < MAX_PUBLISHED) {
                published.add(old);
            }
        }
        state = state(key, current.algorithm(), published);
    }

    /**
     * Signs claims with the active key; the header carries {@code alg}, {@code kid} and {@code typ}.
     *
     * @param typ the JOSE {@code typ}, for example {@code oauth-id-jag+jwt} or {@code at+jwt}
     */
    public String sign(JWTClaimsSet claims, String typ) {
        State s = state;
        JWSHeader header = new JWSHeader.Builder(s.algorithm()).keyID(s.active().getKeyID()).type(new JOSEObjectType(typ)).build();
        SignedJWT jwt = new SignedJWT(header, claims);
        try {
            jwt.sign(s.signer());
        } catch (JOSEException e) {
            throw new IllegalStateException("signing failed: " + e.getClass().getSimpleName());
        }
        return jwt.serialize();
    }

    /** The {@code kid} of the active key. */
    public String activeKeyId() {
        return state.active().getKeyID();
    }

    /** The JWS algorithm of the active key, for example {@code ES256}. */
    public String algorithm() {
        return state.algorithm().getName();
    }

    /** The public JWK set, for the {@code jwks_uri} endpoint. */
    public String publicJwkSetJson() {
        return state.publicJson();
    }

    /** The public JWK set. */
    public JWKSet publicJwkSet() {
        return new JWKSet(state.published().stream().map(JWK::toPublicJWK).toList());
    }

    /** The private JWK set (active key first), for storing the keys; handle it as a secret. */
    public String privateJwkSetJson() {
        return new JWKSet(state.published()).toString(false);
    }

    @Override
    public String toString() {
        return "SigningKeys[alg=" + algorithm() + ", active=" + activeKeyId() + ", published="
                + state.published().stream().map(JWK::getKeyID).toList() + "]";
    }

    private static State state(JWK active, JWSAlgorithm alg, List<JWK> published) {
        try {
            JWSSigner signer = new DefaultJWSSignerFactory().createJWSSigner(active, alg);
            String json = new JWKSet(published.stream().map(JWK::toPublicJWK).toList()).toString(true);
            return new State(active, alg, signer, List.copyOf(published), json);
        } catch (JOSEException e) {
            throw new IllegalArgumentException("the key cannot sign with " + alg.getName());
        }
    }

    private static JWSAlgorithm algorithm(String name) {
        Objects.requireNonNull(name, "algorithm");
        return switch (name) {
            case "ES256" -> JWSAlgorithm.ES256;
            case "ES384" -> JWSAlgorithm.ES384;
            case "RS256" -> JWSAlgorithm.RS256;
            case "PS256" -> JWSAlgorithm.PS256;
            default -> throw new IllegalArgumentException("unsupported signing algorithm: " + name);
        };
    }

    private static JWK generateKey(JWSAlgorithm alg) {
        String kid = UUID.randomUUID().toString();
        try {
            if (JWSAlgorithm.Family.EC.contains(alg)) {
                Curve curve = alg.equals(JWSAlgorithm.ES384) ? Curve.P_384 : Curve.P_256;
                return new ECKeyGenerator(curve).keyID(kid).algorithm(alg).keyUse(KeyUse.SIGNATURE).generate();
            }
            return new RSAKeyGenerator(2048).keyID(kid).algorithm(alg).keyUse(KeyUse.SIGNATURE).generate();
        } catch (JOSEException e) {
            throw new IllegalStateException("key generation failed", e);
        }
    }
}
