package dev.xaa4j.cli;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.AsymmetricJWK;
import com.nimbusds.jose.jwk.JWK;
import dev.xaa4j.client.ClientAuthentication;
import java.security.PrivateKey;
import java.text.ParseException;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/** The client authentication flags shared by {@code xaa exchange}, {@code xaa token} and {@code xaa call}. */
final class ClientAuthOptions {

    @Option(names = "--client-id", paramLabel = "ID", required = true, description = "The client's id at this server.")
    String clientId;

    @Option(names = "--client-secret", paramLabel = "SECRET",
            description = "The client secret: env:NAME or @FILE (a literal value shows in process lists).")
    String clientSecret;

    @Option(names = "--auth", paramLabel = "METHOD",
            description = "client_secret_basic (default with a secret), client_secret_post, private_key_jwt "
                    + "(default with a key), none (default otherwise).")
    String method;

    @Option(names = "--private-key", paramLabel = "KEY",
            description = "For private_key_jwt: a PEM (PKCS#8 or traditional) or JWK private key, as @FILE or env:NAME.")
    String privateKey;

    @Option(names = "--key-id", paramLabel = "KID", description = "For private_key_jwt: the kid header.")
    String keyId;

    @Option(names = "--alg", paramLabel = "ALG", description = "For private_key_jwt: ES256 (default), RS256 or PS256.")
    ClientAuthentication.SigningAlgorithm algorithm;

    ClientAuthentication build(CommandLine cl) {
        String secret = TokenInput.read(clientSecret, "--client-secret", cl);
        String keyText = TokenInput.read(privateKey, "--private-key", cl);
        String m = method != null ? method : keyText != null ? "private_key_jwt" : secret != null ? "client_secret_basic" : "none";
        switch (m) {
            case "client_secret_basic", "client_secret_post" -> {
                if (secret == null) {
                    throw new CommandLine.ParameterException(cl, "--auth " + m + " needs --client-secret");
                }
                return m.equals("client_secret_basic") ? ClientAuthentication.clientSecretBasic(clientId, secret)
                        : ClientAuthentication.clientSecretPost(clientId, secret);
            }
            case "private_key_jwt" -> {
                if (keyText == null) {
                    throw new CommandLine.ParameterException(cl, "--auth private_key_jwt needs --private-key");
                }
                return ClientAuthentication.privateKeyJwt(clientId, privateKey(keyText, cl), keyId,
                        algorithm == null ? ClientAuthentication.SigningAlgorithm.ES256 : algorithm);
            }
            case "none" -> {
                return ClientAuthentication.none(clientId);
            }
            default -> throw new CommandLine.ParameterException(cl, "--auth must be client_secret_basic, "
                    + "client_secret_post, private_key_jwt or none");
        }
    }

    private static PrivateKey privateKey(String text, CommandLine cl) {
        try {
            JWK jwk = text.startsWith("{") ? JWK.parse(text) : JWK.parseFromPEMEncodedObjects(text);
            if (!(jwk instanceof AsymmetricJWK asymmetric) || !jwk.isPrivate()) {
                throw new CommandLine.ParameterException(cl, "--private-key holds no EC or RSA private key");
            }
            return asymmetric.toPrivateKey();
        } catch (ParseException | JOSEException e) {
            throw new CommandLine.ParameterException(cl, "--private-key is neither a PEM nor a JWK private key");
        }
    }
}
