package dev.xaa4j.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class DiscoveryUrisTest {

    private static List<String> strings(List<URI> uris) {
        return uris.stream().map(URI::toString).toList();
    }

    @Test
    void whenServerUrlHasPathThenPathInsertedThenRoot() {
        assertThat(strings(DiscoveryUris.protectedResourceMetadata(URI.create("https://h/public/mcp")))).containsExactly(
                "https://h/.well-known/oauth-protected-resource/public/mcp",
                "https://h/.well-known/oauth-protected-resource");
    }

    @ParameterizedTest
    @ValueSource(strings = {"https://h", "https://h/", "https://h//"})
    void whenServerUrlHasNoPathThenRootOnly(String url) {
        assertThat(strings(DiscoveryUris.protectedResourceMetadata(URI.create(url))))
                .containsExactly("https://h/.well-known/oauth-protected-resource");
    }

    @Test
    void whenServerUrlEndsWithSlashThenSlashRemovedBeforeInsertion() {
        assertThat(strings(DiscoveryUris.protectedResourceMetadata(URI.create("https://h/mcp/")))).containsExactly(
                "https://h/.well-known/oauth-protected-resource/mcp",
                "https://h/.well-known/oauth-protected-resource");
    }

    @Test
    void whenServerUrlHasQueryThenQueryKeptAfterThePath() {
        assertThat(strings(DiscoveryUris.protectedResourceMetadata(URI.create("https://h/mcp?tenant=a%20b")))).containsExactly(
                "https://h/.well-known/oauth-protected-resource/mcp?tenant=a%20b",
                "https://h/.well-known/oauth-protected-resource");
    }

    @Test
    void whenServerUrlHasPortThenPortKept() {
        assertThat(strings(DiscoveryUris.protectedResourceMetadata(URI.create("http://127.0.0.1:8080/mcp")))).containsExactly(
                "http://127.0.0.1:8080/.well-known/oauth-protected-resource/mcp",
                "http://127.0.0.1:8080/.well-known/oauth-protected-resource");
    }

    @Test
    void whenServerUrlHasFragmentThenFragmentDropped() {
        assertThat(strings(DiscoveryUris.protectedResourceMetadata(URI.create("https://h/mcp#x")))).containsExactly(
                "https://h/.well-known/oauth-protected-resource/mcp",
                "https://h/.well-known/oauth-protected-resource");
    }

    @Test
    void whenServerUrlPathIsPercentEncodedThenItStaysEncoded() {
        assertThat(strings(DiscoveryUris.protectedResourceMetadata(URI.create("https://h/a%20b/m%2Fcp")))).first()
                .isEqualTo("https://h/.well-known/oauth-protected-resource/a%20b/m%2Fcp");
    }

    @ParameterizedTest
    @ValueSource(strings = {"/mcp", "mcp", "mailto:a@b", "ftp://h/mcp", "https:///mcp", "urn:example:mcp"})
    void whenServerUrlIsNotAnAbsoluteHttpUrlThenIllegalArgumentException(String url) {
        assertThatExceptionOfType(IllegalArgumentException.class)
                .isThrownBy(() -> DiscoveryUris.protectedResourceMetadata(URI.create(url)))
                .withMessageContaining("serverUrl");
    }

    @Test
    void whenIssuerHasPathThenThreeLocationsInMcpOrder() {
        assertThat(strings(DiscoveryUris.authorizationServerMetadata("https://a/t1"))).containsExactly(
                "https://a/.well-known/oauth-authorization-server/t1",
                "https://a/.well-known/openid-configuration/t1",
                "https://a/t1/.well-known/openid-configuration");
    }

    @Test
    void whenIssuerHasDeepPathAndPortThenBothKept() {
        assertThat(strings(DiscoveryUris.authorizationServerMetadata("http://localhost:9000/realms/acme/"))).containsExactly(
                "http://localhost:9000/.well-known/oauth-authorization-server/realms/acme",
                "http://localhost:9000/.well-known/openid-configuration/realms/acme",
                "http://localhost:9000/realms/acme/.well-known/openid-configuration");
    }

    @ParameterizedTest
    @ValueSource(strings = {"https://a", "https://a/"})
    void whenIssuerHasNoPathThenTwoLocations(String issuer) {
        assertThat(strings(DiscoveryUris.authorizationServerMetadata(issuer))).containsExactly(
                "https://a/.well-known/oauth-authorization-server",
                "https://a/.well-known/openid-configuration");
    }

    @Test
    void whenIdpIssuerHasPathThenOpenIdAppendedFirst() {
        assertThat(strings(DiscoveryUris.identityProviderMetadata("https://idp/oauth2/default"))).containsExactly(
                "https://idp/oauth2/default/.well-known/openid-configuration",
                "https://idp/.well-known/oauth-authorization-server/oauth2/default",
                "https://idp/.well-known/openid-configuration/oauth2/default");
    }

    @Test
    void whenIdpIssuerHasNoPathThenOpenIdFirst() {
        assertThat(strings(DiscoveryUris.identityProviderMetadata("https://idp"))).containsExactly(
                "https://idp/.well-known/openid-configuration",
                "https://idp/.well-known/oauth-authorization-server");
    }

    @Test
    void whenWellKnownSuffixesReadThenTheyAreTheRegisteredNames() {
        assertThat(DiscoveryUris.PROTECTED_RESOURCE).isEqualTo("/.well-known/oauth-protected-resource");
        assertThat(DiscoveryUris.OAUTH_AUTHORIZATION_SERVER).isEqualTo("/.well-known/oauth-authorization-server");
        assertThat(DiscoveryUris.OPENID_CONFIGURATION).isEqualTo("/.well-known/openid-configuration");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "a/t1|absolute", "/t1|absolute", "''|absolute", "ftp://a/t1|absolute", "mailto:a@b|absolute", "https:///t1|absolute",
        "https://a/t1?x=1|query", "https://a?x=1|query", "https://a/t1#f|fragment", "https://a/#|fragment",
        "https://a/ t1|URL"})
    void whenIssuerInvalidThenIllegalArgumentException(String issuer, String reason) {
        assertThatExceptionOfType(IllegalArgumentException.class)
                .isThrownBy(() -> DiscoveryUris.authorizationServerMetadata(issuer))
                .withMessageContaining("issuer")
                .withMessageContaining(reason);
        assertThatExceptionOfType(IllegalArgumentException.class)
                .isThrownBy(() -> DiscoveryUris.identityProviderMetadata(issuer));
    }

    @Test
    void whenArgumentsNullThenNullPointerExceptionNamingThem() {
        assertThatExceptionOfType(NullPointerException.class)
                .isThrownBy(() -> DiscoveryUris.protectedResourceMetadata(null)).withMessage("serverUrl");
        assertThatExceptionOfType(NullPointerException.class)
                .isThrownBy(() -> DiscoveryUris.authorizationServerMetadata(null)).withMessage("issuer");
        assertThatExceptionOfType(NullPointerException.class)
                .isThrownBy(() -> DiscoveryUris.identityProviderMetadata(null)).withMessage("issuer");
    }
}
