package dev.xaa4j.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import com.nimbusds.jose.crypto.factories.DefaultJWSVerifierFactory;
import com.nimbusds.jose.jwk.AsymmetricJWK;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class SigningKeysTest {

    private static boolean verifiesWith(String jwt, String jwks) throws Exception {
        SignedJWT parsed = SignedJWT.parse(jwt);
        JWK key = JWKSet.parse(jwks).getKeyByKeyId(parsed.getHeader().getKeyID());
        if (key == null) {
            return false;
        }
        return parsed.verify(new DefaultJWSVerifierFactory()
                .createJWSVerifier(parsed.getHeader(), ((AsymmetricJWK) key).toPublicKey()));
    }

    @ParameterizedTest
    @ValueSource(strings = {"ES256", "ES384", "RS256", "PS256"})
    void whenSignedThenHeaderCarriesAlgKidTypAndJwksVerifies(String alg) throws Exception {
        SigningKeys keys = SigningKeys.generate(alg);
        String jwt = keys.sign(new JWTClaimsSet.Builder().subject("u").build(), "at+jwt");
        SignedJWT parsed = SignedJWT.parse(jwt);
        assertThat(parsed.getHeader().getAlgorithm().getName()).isEqualTo(alg);
        assertThat(parsed.getHeader().getKeyID()).isEqualTo(keys.activeKeyId());
        assertThat(parsed.getHeader().getType().getType()).isEqualTo("at+jwt");
        assertThat(verifiesWith(jwt, keys.publicJwkSetJson())).isTrue();
    }

    @Test
    void whenPublishedThenNoPrivatePartAppears() throws Exception {
        SigningKeys keys = SigningKeys.generate("ES256");
        assertThat(JWKSet.parse(keys.publicJwkSetJson()).getKeys()).allSatisfy(k -> assertThat(k.isPrivate()).isFalse());
        assertThat(keys.publicJwkSetJson()).doesNotContain("\"d\"");
        assertThat(keys.toString()).doesNotContain("\"d\"").contains(keys.activeKeyId());
    }

    @Test
    void whenRotatedThenOldTokensStillVerifyAndNewKeySigns() throws Exception {
        SigningKeys keys = SigningKeys.generate("ES256");
        String before = keys.sign(new JWTClaimsSet.Builder().subject("u").build(), "JWT");
        String oldKid = keys.activeKeyId();
        keys.rotate();
        assertThat(keys.activeKeyId()).isNotEqualTo(oldKid);
        String after = keys.sign(new JWTClaimsSet.Builder().subject("u").build(), "JWT");
        assertThat(SignedJWT.parse(after).getHeader().getKeyID()).isEqualTo(keys.activeKeyId());
        assertThat(verifiesWith(before, keys.publicJwkSetJson())).isTrue();
        assertThat(verifiesWith(after, keys.publicJwkSetJson())).isTrue();
        keys.rotate();
        keys.rotate();
        assertThat(JWKSet.parse(keys.publicJwkSetJson()).getKeys()).hasSize(SigningKeys.MAX_PUBLISHED);
        assertThat(verifiesWith(before, keys.publicJwkSetJson())).as("dropped after MAX_PUBLISHED rotations").isFalse();
    }

    @Test
    void whenStoredAndLoadedThenSameActiveKeySigns() throws Exception {
        SigningKeys keys = SigningKeys.generate("RS256");
        SigningKeys loaded = SigningKeys.fromJwkSet(keys.privateJwkSetJson());
        assertThat(loaded.activeKeyId()).isEqualTo(keys.activeKeyId());
        String jwt = loaded.sign(new JWTClaimsSet.Builder().subject("u").build(), "JWT");
        assertThat(verifiesWith(jwt, keys.publicJwkSetJson())).isTrue();
    }

    @Test
    void whenLoadingPublicKeysOrGarbageThenRefused() {
        SigningKeys keys = SigningKeys.generate("ES256");
        assertThatIllegalArgumentException().isThrownBy(() -> SigningKeys.fromJwkSet(keys.publicJwkSetJson()));
        assertThatIllegalArgumentException().isThrownBy(() -> SigningKeys.fromJwkSet("{"));
        assertThatIllegalArgumentException().isThrownBy(() -> SigningKeys.fromJwkSet("{\"keys\":[]}"));
        assertThatIllegalArgumentException().isThrownBy(() -> SigningKeys.generate("HS256"));
    }
}
