package dev.xaa4j.client;

import java.net.http.HttpClient;
import java.time.Duration;
import java.util.Objects;

/**
 * The network settings shared by {@link TokenExchangeClient}, {@link JwtBearerClient}, {@link McpAuthorizationDiscovery}
 * and {@link IdentityProviderDiscovery} (PROTOCOL.md sections 7 and 8.10).
 *
 * <p>Defaults: connect timeout 10 s, whole-request timeout 30 s (until the last byte of the body), response bodies up to
 * 1 MiB, redirects never followed, and a JDK {@link HttpClient} created for these options. The rules that are not
 * settings hold on every request whatever the options: HTTPS except loopback, checked before any connection;
 * {@code Accept: application/json}; a 3xx answer is an error.
 *
 * <p>An injected {@link HttpClient} (for a proxy, an {@code SSLContext}, an executor) brings its own connect timeout, so
 * {@link Builder#connectTimeout(Duration)} then has no effect; it must not follow redirects.
 *
 * <pre>{@code
 * HttpOptions options = HttpOptions.builder()
 *         .requestTimeout(Duration.ofSeconds(5))
 *         .maxResponseBytes(256 * 1024)
 *         .build();
 * JwtBearerClient client = JwtBearerClient.builder(tokenEndpoint, auth).httpOptions(options).build();
 * }</pre>
 *
 * Immutable and thread-safe; share one instance (and its HTTP client) between clients.
 */
public final class HttpOptions {

    /** Default connect timeout: 10 seconds. */
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);
    /** Default whole-request timeout: 30 seconds. */
    public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(30);
    /** Default bound of a response body: 1 MiB. */
    public static final int DEFAULT_MAX_RESPONSE_BYTES = 1024 * 1024;

    private final Duration connectTimeout;
    private final Duration requestTimeout;
    private final int maxResponseBytes;
    private final HttpClient httpClient;
    private final boolean httpClientInjected;

    private HttpOptions(Builder b) {
        this.connectTimeout = b.connectTimeout;
        this.requestTimeout = b.requestTimeout;
        this.maxResponseBytes = b.maxResponseBytes;
        this.httpClientInjected = b.httpClient != null;
        this.httpClient = httpClientInjected ? b.httpClient : HttpClient.newBuilder()
                .connectTimeout(connectTimeout)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    /** The default options, with one shared HTTP client created on first use. */
    public static HttpOptions defaults() {
        return Defaults.INSTANCE;
    }

    /** Starts a builder with the defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder with these options (and the same injected HTTP client, if one was injected). */
    public Builder newBuilder() {
        Builder b = new Builder().connectTimeout(connectTimeout).requestTimeout(requestTimeout)
                .maxResponseBytes(maxResponseBytes);
        if (httpClientInjected) {
            b.httpClient(httpClient);
        }
        return b;
    }

    /** The connect timeout of the HTTP client this instance created (ignored for an injected client). */
    public Duration connectTimeout() {
        return connectTimeout;
    }

    /** The time a whole request may take, from sending until the last byte of the response body. */
    public Duration requestTimeout() {
        return requestTimeout;
    }

    /** The largest response body read, in bytes; a larger body fails the request and is not read further. */
    public int maxResponseBytes() {
        return maxResponseBytes;
    }

    /** The HTTP client requests go through. */
    public HttpClient httpClient() {
        return httpClient;
    }

    @Override
    public String toString() {
        return "HttpOptions[connectTimeout=" + connectTimeout + ", requestTimeout=" + requestTimeout
                + ", maxResponseBytes=" + maxResponseBytes + ", httpClient=" + (httpClientInjected ? "injected" : "own") + "]";
    }

    private static final class Defaults {
        static final HttpOptions INSTANCE = new Builder().build();
    }

    /** Builder for {@link HttpOptions}; every setting starts at its default. Not thread-safe. */
    public static final class Builder {
        private Duration connectTimeout = DEFAULT_CONNECT_TIMEOUT;
        private Duration requestTimeout = DEFAULT_REQUEST_TIMEOUT;
        private int maxResponseBytes = DEFAULT_MAX_RESPONSE_BYTES;
        private HttpClient httpClient;

        private Builder() {
        }

        /** Connect timeout of the HTTP client these options create; default 10 s. Must be positive. */
        public Builder connectTimeout(Duration timeout) {
            this.connectTimeout = positive(timeout, "connectTimeout");
            return this;
        }

        /** Whole-request timeout, response body included; default 30 s. Must be positive. */
        public Builder requestTimeout(Duration timeout) {
            this.requestTimeout = positive(timeout, "requestTimeout");
            return this;
        }

        /** Largest response body, in bytes; default 1 MiB. Must be positive. */
        public Builder maxResponseBytes(int bytes) {
            if (bytes <= 0) {
                throw new IllegalArgumentException("maxResponseBytes must be positive");
            }
            this.maxResponseBytes = bytes;
            return this;
        }

        /**
         * Uses this HTTP client instead of creating one; default: none (one is created). The client must not follow
         * redirects ({@link HttpClient.Redirect#NEVER}, the JDK default).
         *
         * @throws IllegalArgumentException when the client follows redirects
         */
        public Builder httpClient(HttpClient client) {
            Objects.requireNonNull(client, "client");
            if (client.followRedirects() != HttpClient.Redirect.NEVER) {
                throw new IllegalArgumentException("the HttpClient must not follow redirects (use HttpClient.Redirect.NEVER)");
            }
            this.httpClient = client;
            return this;
        }

        /** Builds the options; creates an HTTP client unless one was injected. */
        public HttpOptions build() {
            return new HttpOptions(this);
        }

        private static Duration positive(Duration d, String name) {
            Objects.requireNonNull(d, name);
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException(name + " must be positive");
            }
            return d;
        }
    }
}
