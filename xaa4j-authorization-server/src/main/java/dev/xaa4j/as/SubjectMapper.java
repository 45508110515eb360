package dev.xaa4j.as;

/**
 * Maps the user of an ID-JAG ({@code iss}, optional {@code tenant}, {@code sub}) to the subject of the access token
 * (PROTOCOL.md section 4, checklist item 11).
 *
 * <p>The default of {@link AuthorizationServer} is {@link #subject()} when one issuer is trusted and
 * {@link #issuerScoped()} when several are, so two IdPs cannot name the same local user by accident. A mapper may return
 * {@code null} or an empty string to refuse the user ({@code invalid_grant}). Implementations must be thread-safe.
 */
@FunctionalInterface
public interface SubjectMapper {

    /**
     * The local subject.
     *
     * @param issuer  the ID-JAG's {@code iss} (a trusted issuer)
     * @param tenant  its {@code tenant}, or {@code null}
     * @param subject its {@code sub}
     * @return the local subject, or {@code null} to refuse the user
     */
    String localSubject(String issuer, String tenant, String subject);

    /** The ID-JAG's {@code sub} as is. */
    static SubjectMapper subject() {
        return (issuer, tenant, subject) -> subject;
    }

    /**
     * {@code <iss>#<sub>}: unambiguous, because an issuer has no fragment. The tenant is not used: OpenID Connect makes
     * {@code sub} unique within its issuer; IdPs that share one issuer across tenants need a mapper of their own.
     */
    static SubjectMapper issuerScoped() {
        return (issuer, tenant, subject) -> issuer + "#" + subject;
    }
}
