/**
 * Implementation details of {@code dev.xaa4j.idp}: the grant handlers, ID token issuing and validation, the stores of
 * authorization codes and refresh tokens, the authorization endpoint and its sign-in page. Not a public API: it may change
 * in any release.
 */
package dev.xaa4j.idp.internal;
