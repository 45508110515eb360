package dev.xaa4j.as.internal;

import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.KeySourceException;
import dev.xaa4j.core.AuthorizationServerMetadata;
import dev.xaa4j.core.DiscoveryUris;
import dev.xaa4j.core.SecureTransport;
import dev.xaa4j.core.XaaException;
import java.io.IOException;
import java.net.URI;
import java.security.Key;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The keys of an issuer found through its metadata: the first document of
 * {@link DiscoveryUris#identityProviderMetadata(String)} that answers 200 with an {@code issuer} equal to the configured
 * issuer, character for character, and an allowed {@code jwks_uri}. Resolved on first use (the IdP need not be up when the
 * authorization server starts), then kept; after a failed discovery, new attempts wait for the minimum refetch interval.
 *
 * <p>Not part of the public API. Thread-safe.
 */
public final class DiscoveredIssuerKeys implements IssuerKeys {

    private static final Logger LOG = LoggerFactory.getLogger(DiscoveredIssuerKeys.class);

    private final String issuer;
    private final RemoteKeySettings settings;
    private volatile IssuerKeys resolved;
    private long failedAtNanos;
    private boolean failed;

    public DiscoveredIssuerKeys(String issuer, RemoteKeySettings settings) {
        this.issuer = Objects.requireNonNull(issuer, "issuer");
        this.settings = Objects.requireNonNull(settings, "settings");
        DiscoveryUris.identityProviderMetadata(issuer);
    }

    @Override
    public List<Key> candidates(JWSHeader header) throws KeySourceException {
        IssuerKeys keys = resolved;
        return (keys != null ? keys : resolve()).candidates(header);
    }

    private synchronized IssuerKeys resolve() throws KeySourceException {
        if (resolved != null) {
            return resolved;
        }
        if (failed && System.nanoTime() - failedAtNanos < settings.minRefetchInterval().toNanos()) {
            throw new KeySourceException("metadata discovery for the issuer failed recently");
        }
        for (URI location : DiscoveryUris.identityProviderMetadata(issuer)) {
            try {
                AuthorizationServerMetadata metadata = AuthorizationServerMetadata.parse(settings.http().fetch(location));
                if (!issuer.equals(metadata.issuer())) {
                    LOG.warn("metadata at {} names another issuer; ignored", location);
                    continue;
                }
                URI jwksUri = metadata.jwksUri() == null ? null : URI.create(metadata.jwksUri());
                if (jwksUri == null || !SecureTransport.isAllowed(jwksUri)) {
                    LOG.warn("metadata at {} has no usable jwks_uri; ignored", location);
                    continue;
                }
                resolved = IssuerKeys.remote(jwksUri, settings);
                failed = false;
                return resolved;
            } catch (IOException | XaaException | IllegalArgumentException e) {
                LOG.debug("no metadata at {}: {}", location, e.getMessage());
            }
        }
        failed = true;
        failedAtNanos = System.nanoTime();
        LOG.warn("metadata discovery failed for trusted issuer {}", issuer);
        throw new KeySourceException("metadata discovery for the issuer failed");
    }
}
