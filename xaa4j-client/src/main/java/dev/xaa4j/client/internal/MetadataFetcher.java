package dev.xaa4j.client.internal;

import dev.xaa4j.client.XaaClientException;
import dev.xaa4j.client.XaaClientException.Reason;
import dev.xaa4j.client.XaaClientException.Step;
import dev.xaa4j.core.AuthorizationServerMetadata;
import dev.xaa4j.core.InvalidMetadataException;
import dev.xaa4j.core.SecureTransport;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Fetches metadata documents from a list of well-known locations, in order (RFC 9728 section 3, RFC 8414 section 3,
 * OpenID Connect Discovery 1.0 section 4). The first 200 answer is used. A 4xx answer (typically 404) means "not here":
 * the next location is tried. Anything else stops discovery: a 5xx, a network failure or timeout, a redirect, an
 * oversized body: the server is there but failing, and reading another location would hide the fault. Not part of the
 * public API. Thread-safe.
 */
public final class MetadataFetcher {

    /**
     * A document found.
     *
     * @param url  where it was found
     * @param body its text
     */
    public record Found(URI url, String body) {
    }

    private final HttpTransport http;

    public MetadataFetcher(HttpTransport http) {
        this.http = Objects.requireNonNull(http, "http");
    }

    /**
     * GETs the locations in order until one answers 200.
     *
     * @param what names the document in errors, for example "protected resource metadata"
     * @throws XaaClientException {@link Reason#METADATA_NOT_FOUND} when every location answers 4xx;
     *                            {@link Reason#HTTP_STATUS} for a 5xx or other status; transport reasons as they happen
     */
    public Found fetchFirst(List<URI> locations, Step step, String what) {
        List<String> tried = new ArrayList<>();
        int lastStatus = 0;
        for (URI url : locations) {
            HttpResult result = http.get(url, step, what);
            if (result.status() == 200) {
                return new Found(url, result.body());
            }
            if (result.status() >= 400 && result.status() < 500) {
                tried.add(Texts.display(url) + " (HTTP " + result.status() + ")");
                lastStatus = result.status();
                continue;
            }
            throw XaaClientException.of(step, Reason.HTTP_STATUS, "the " + what + " at " + Texts.display(url)
                    + " answered HTTP " + result.status(), null, result.status(), null);
        }
        throw XaaClientException.of(step, Reason.METADATA_NOT_FOUND, "no " + what + " found; tried " + String.join(", ", tried),
                null, lastStatus, null);
    }

    /**
     * Fetches the metadata of an authorization server or IdP and validates it: a JSON document, {@code issuer} equal to
     * {@code issuer} character for character (RFC 8414 section 3.3), a {@code token_endpoint} that is an absolute HTTPS
     * (or loopback) URL. A document with another issuer fails discovery; the next location is not tried.
     *
     * @param locations the well-known URLs for the issuer, in order
     */
    public AuthorizationServerMetadata serverMetadata(String issuer, List<URI> locations, Step step, String what) {
        Found found = fetchFirst(locations, step, what);
        AuthorizationServerMetadata metadata;
        try {
            metadata = AuthorizationServerMetadata.parse(found.body());
        } catch (InvalidMetadataException e) {
            throw XaaClientException.of(step, Reason.INVALID_METADATA, "the " + what + " at " + Texts.display(found.url())
                    + " is unusable: " + e.getMessage(), null, 200, e);
        }
        if (!issuer.equals(metadata.issuer())) {
            throw XaaClientException.of(step, Reason.ISSUER_MISMATCH, "the " + what + " at " + Texts.display(found.url())
                    + " has issuer " + Texts.quoted(metadata.issuer()) + ", expected exactly " + Texts.quoted(issuer)
                    + " (RFC 8414 section 3.3)", null, 200, null);
        }
        requireEndpoint(metadata.tokenEndpoint(), "token_endpoint", step, what, found.url());
        return metadata;
    }

    private static void requireEndpoint(String value, String member, Step step, String what, URI source) {
        if (value == null || value.isEmpty()) {
            throw XaaClientException.of(step, Reason.INVALID_METADATA, "the " + what + " at " + Texts.display(source)
                    + " has no '" + member + "'", null, 200, null);
        }
        URI uri;
        try {
            uri = new URI(value);
        } catch (URISyntaxException e) {
            uri = null;
        }
        if (uri == null || !uri.isAbsolute() || uri.getHost() == null) {
            throw XaaClientException.of(step, Reason.INVALID_METADATA, "the " + what + " at " + Texts.display(source)
                    + " has a '" + member + "' that is not an absolute URL", null, 200, null);
        }
        if (!SecureTransport.isAllowed(uri)) {
            throw XaaClientException.of(step, Reason.INSECURE_URL, "the " + what + " at " + Texts.display(source)
                    + " has a '" + member + "' that is not https (http is allowed only for loopback hosts): "
                    + Texts.display(uri), null, 200, null);
        }
    }
}
