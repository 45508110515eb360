package dev.xaa4j.as.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.OctetSequenceKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.OctetSequenceKeyGenerator;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import java.util.List;
import org.junit.jupiter.api.Test;

class CachedVerifiersTest {

    private volatile JWKSet published;
    private final JWKSource<SecurityContext> source = (selector, context) -> selector.select(published);
    private final CachedVerifiers keys = new CachedVerifiers(source);

    private static ECKey ecKey(String kid) throws JOSEException {
        return new ECKeyGenerator(Curve.P_256).keyID(kid).keyUse(KeyUse.SIGNATURE).generate();
    }

    private static JWSObject signed(ECKey key) throws JOSEException {
        JWSObject jws = new JWSObject(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(key.getKeyID()).build(),
                new Payload("{}"));
        jws.sign(new ECDSASigner(key));
        return jws;
    }

    private static boolean anyVerifies(List<JWSVerifier> verifiers, JWSObject jws) throws JOSEException {
        for (JWSVerifier v : verifiers) {
            if (v.verify(jws.getHeader(), jws.getSigningInput(), jws.getSignature())) {
                return true;
            }
        }
        return false;
    }

    @Test
    void whenSameKeyIsSelectedAgainThenItsVerifierIsReused() throws JOSEException {
        ECKey key = ecKey("k1");
        published = new JWKSet(key.toPublicJWK());
        JWSObject jws = signed(key);

        List<JWSVerifier> first = keys.verifiers(jws.getHeader());
        List<JWSVerifier> second = keys.verifiers(jws.getHeader());

        assertThat(first).hasSize(1);
        assertThat(second.get(0)).isSameAs(first.get(0));
        assertThat(anyVerifies(second, jws)).isTrue();
    }

    @Test
    void whenRefetchedSetHoldsAnEqualKeyThenItsVerifierIsReused() throws Exception {
        ECKey key = ecKey("k1");
        published = new JWKSet(key.toPublicJWK());
        JWSObject jws = signed(key);
        JWSVerifier before = keys.verifiers(jws.getHeader()).get(0);

        published = JWKSet.parse(published.toString(true)); // new JWK instances, same content

        assertThat(keys.verifiers(jws.getHeader())).containsExactly(before);
    }

    @Test
    void whenKeyLeavesTheSetThenItsCachedVerifierIsNoLongerOffered() throws JOSEException {
        ECKey old = ecKey("old");
        ECKey current = ecKey("current");
        published = new JWKSet(old.toPublicJWK());
        JWSObject byOld = signed(old);
        assertThat(anyVerifies(keys.verifiers(byOld.getHeader()), byOld)).isTrue();

        published = new JWKSet(current.toPublicJWK());

        assertThat(keys.verifiers(byOld.getHeader())).isEmpty();
        JWSHeader noKid = new JWSHeader.Builder(JWSAlgorithm.ES256).build();
        assertThat(anyVerifies(keys.verifiers(noKid), byOld)).isFalse();
        assertThat(anyVerifies(keys.verifiers(noKid), signed(current))).isTrue();
    }

    @Test
    void whenKeysRotateManyTimesThenCacheStaysBounded() throws JOSEException {
        for (int i = 0; i < 3 * CachedVerifiers.MAX_ENTRIES; i++) {
            ECKey key = ecKey("k" + i);
            published = new JWKSet(key.toPublicJWK());
            assertThat(keys.verifiers(signed(key).getHeader())).hasSize(1);
            assertThat(keys.size()).isLessThanOrEqualTo(CachedVerifiers.MAX_ENTRIES);
        }
    }

    @Test
    void whenAlgIsHmacThenNoVerifierEvenForASecretKeyWithThatKid() throws JOSEException {
        OctetSequenceKey secret = new OctetSequenceKeyGenerator(256).keyID("s").keyUse(KeyUse.SIGNATURE).generate();
        published = new JWKSet(List.<JWK>of(secret, ecKey("e").toPublicJWK()));

        assertThat(keys.verifiers(new JWSHeader.Builder(JWSAlgorithm.HS256).keyID("s").build())).isEmpty();
        assertThat(keys.size()).isZero();
    }
}
