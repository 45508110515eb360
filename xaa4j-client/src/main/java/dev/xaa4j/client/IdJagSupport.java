package dev.xaa4j.client;

/**
 * Whether a resource authorization server takes ID-JAGs, judged from its metadata (PROTOCOL.md section 2 step 0.5; ID-JAG
 * draft section 7.2; RFC 8414 section 2).
 */
public enum IdJagSupport {
    /** {@code authorization_grant_profiles_supported} lists {@code urn:ietf:params:oauth:grant-profile:id-jag}. */
    PROFILE_ADVERTISED,
    /**
     * The profile is not listed, but {@code grant_types_supported} lists the JWT bearer grant: ID-JAGs probably work
     * (the JWT bearer grant has other uses too).
     */
    JWT_BEARER_ADVERTISED,
    /**
     * Neither signal (an absent {@code grant_types_supported} means {@code authorization_code} and {@code implicit}).
     * Discovery reports this only when {@link McpAuthorizationDiscovery.Builder#allowUnadvertisedIdJagSupport()} is set;
     * otherwise it fails.
     */
    NOT_ADVERTISED;

    /** Whether the metadata advertises something that takes ID-JAGs. */
    public boolean isAdvertised() {
        return this != NOT_ADVERTISED;
    }
}
