package dev.xaa4j.client;

import dev.xaa4j.client.XaaClientException.Step;
import dev.xaa4j.client.internal.HttpTransport;
import dev.xaa4j.client.internal.MetadataFetcher;
import dev.xaa4j.core.AuthorizationServerMetadata;
import dev.xaa4j.core.DiscoveryUris;
import java.util.Objects;

/**
 * Finds an IdP's metadata from its issuer (OpenID Connect Discovery 1.0 section 4, RFC 8414 section 3): the locations of
 * {@link DiscoveryUris#identityProviderMetadata(String)} in order (the OpenID location appended to the issuer first, then
 * the RFC 8414 inserted ones), the next one tried on a 4xx answer. The document's {@code issuer} must equal the issuer
 * character for character and it must have a {@code token_endpoint}. The IdP's {@code grant_types_supported} and
 * {@code identity_chaining_requested_token_types_supported} are hints only and are not checked.
 *
 * <pre>{@code
 * AuthorizationServerMetadata idp = IdentityProviderDiscovery.create(HttpOptions.defaults())
 *         .discover("https://acme.idp.example");
 * TokenExchangeClient client = TokenExchangeClient.builder(idp, auth).build();
 * }</pre>
 *
 * Immutable and thread-safe.
 */
public final class IdentityProviderDiscovery {

    private final MetadataFetcher fetcher;

    private IdentityProviderDiscovery(HttpOptions options) {
        this.fetcher = new MetadataFetcher(new HttpTransport(options));
    }

    /** Discovery with these network settings. */
    public static IdentityProviderDiscovery create(HttpOptions options) {
        return new IdentityProviderDiscovery(Objects.requireNonNull(options, "options"));
    }

    /**
     * Fetches and validates the IdP's metadata.
     *
     * @param issuer the IdP's issuer identifier, an absolute https (or loopback http) URL without query or fragment
     * @throws DiscoveryException       (step {@link Step#IDP_DISCOVERY}) when no usable document is found
     * @throws IllegalArgumentException when the issuer is not an http(s) URL without query and fragment
     */
    public AuthorizationServerMetadata discover(String issuer) {
        Objects.requireNonNull(issuer, "issuer");
        return fetcher.serverMetadata(issuer, DiscoveryUris.identityProviderMetadata(issuer), Step.IDP_DISCOVERY,
                "IdP metadata");
    }
}
