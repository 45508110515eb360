package dev.xaa4j.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import java.net.URI;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SecureTransportTest {

    @ParameterizedTest
    @ValueSource(strings = {"https://idp.example.com/token", "https://10.0.0.1/x", "https://localhost.example.com/",
        "HTTPS://AS.EXAMPLE.COM", "https://h:8443/t?x=1", "https://0.0.0.0/"})
    void whenHttpsThenAllowed(String url) {
        assertThat(SecureTransport.isAllowed(URI.create(url))).isTrue();
        assertThat(SecureTransport.require(URI.create(url), "IdP token endpoint")).isEqualTo(URI.create(url));
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://localhost/token", "http://LOCALHOST:8080/", "http://127.0.0.1:9000/x", "http://127.1.2.3/",
        "http://127.255.255.255/", "http://127.0.0.0/", "http://[::1]:8080/mcp", "http://[0:0:0:0:0:0:0:1]/", "HTTP://localhost"})
    void whenHttpToLoopbackThenAllowed(String url) {
        assertThat(SecureTransport.isLoopback(URI.create(url))).isTrue();
        assertThat(SecureTransport.isAllowed(URI.create(url))).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://localhost.example.com/", "http://127.0.0.1.nip.io/", "http://128.0.0.1/", "http://0.0.0.0/",
        "http://10.0.0.1/", "http://192.168.1.1/", "http://example.com/", "http://127.0.0.256/", "http://127.0.0/",
        "http://127.0.0.1.1/", "http://1270.0.0.1/", "http://[::2]/", "http://[::ffff:7f00:1]/", "http://localhost./",
        "http://mylocalhost/", "http://2130706433/"})
    void whenHttpToAnotherHostThenRefused(String url) {
        assertThat(SecureTransport.isAllowed(URI.create(url))).isFalse();
        assertThatExceptionOfType(InsecureEndpointException.class)
                .isThrownBy(() -> SecureTransport.require(URI.create(url), "AS token endpoint"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"ftp://localhost/x", "ws://localhost/", "file:///etc/passwd", "/relative/path", "localhost:8080",
        "https:///no-host", "https:opaque", "mailto:a@b"})
    void whenNotAnHttpUrlWithHostThenRefused(String url) {
        assertThat(SecureTransport.isAllowed(URI.create(url))).isFalse();
        assertThatExceptionOfType(InsecureEndpointException.class)
                .isThrownBy(() -> SecureTransport.require(URI.create(url), "IdP token endpoint"));
    }

    @Test
    void whenNullThenNotAllowed() {
        assertThat(SecureTransport.isAllowed(null)).isFalse();
        assertThat(SecureTransport.isLoopback(null)).isFalse();
        assertThatExceptionOfType(InsecureEndpointException.class)
                .isThrownBy(() -> SecureTransport.require(null, "IdP token endpoint"))
                .withMessageContaining("IdP token endpoint");
    }

    @Test
    void whenRefusedThenMessageNamesEndpointSchemeAndHostOnly() {
        URI url = URI.create("http://user:s3cr3t-pass@idp.example.com:8080/t/s3cr3t-path?client_secret=s3cr3t-query#s3cr3t-frag");

        assertThatExceptionOfType(InsecureEndpointException.class)
                .isThrownBy(() -> SecureTransport.require(url, "IdP token endpoint"))
                .withMessageContaining("IdP token endpoint")
                .withMessageContaining("http://idp.example.com")
                .withMessageNotContaining("s3cr3t")
                .withMessageNotContaining("user")
                .withMessageNotContaining("8080")
                .isInstanceOf(XaaException.class);
    }

    @Test
    void whenOpaqueUrlRefusedThenMessageHasNoSchemeSpecificPart() {
        URI url = URI.create("mailto:s3cr3t@example.com");

        assertThatExceptionOfType(InsecureEndpointException.class)
                .isThrownBy(() -> SecureTransport.require(url, "jwks_uri"))
                .withMessageNotContaining("s3cr3t");
    }

    @Test
    void whenRequireCalledWithoutEndpointNameThenNullPointerException() {
        assertThatExceptionOfType(NullPointerException.class)
                .isThrownBy(() -> SecureTransport.require(URI.create("https://h/"), null))
                .withMessage("what");
    }
}
