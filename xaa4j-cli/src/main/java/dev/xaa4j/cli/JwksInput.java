package dev.xaa4j.cli;

import com.nimbusds.jose.jwk.JWKSet;
import dev.xaa4j.core.SecureTransport;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.text.ParseException;
import java.time.Duration;
import picocli.CommandLine;

/** Reads a public JWK set from {@code @FILE} or fetches it from an https (or loopback http) URL, without redirects. */
final class JwksInput {

    private JwksInput() {
    }

    static JWKSet read(String spec, CommandLine cl) {
        String text;
        if (spec.startsWith("@") || spec.startsWith("file:") || spec.startsWith("env:")) {
            text = TokenInput.read(spec, "--jwks", cl);
        } else {
            URI uri = URI.create(spec);
            if (!SecureTransport.isAllowed(uri)) {
                throw new CommandLine.ParameterException(cl, "--jwks must be https, or http to a loopback host");
            }
            try {
                HttpResponse<String> r = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10))
                        .followRedirects(HttpClient.Redirect.NEVER).build()
                        .send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30)).header("Accept", "application/json")
                                .build(), HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() != 200) {
                    throw new IllegalStateException("the JWKS URL answered HTTP " + r.statusCode());
                }
                text = r.body();
            } catch (IOException e) {
                throw new IllegalStateException("cannot fetch the JWKS: " + e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted");
            }
        }
        try {
            return JWKSet.parse(text).toPublicJWKSet();
        } catch (ParseException e) {
            throw new CommandLine.ParameterException(cl, "--jwks is not a JWK set");
        }
    }
}
