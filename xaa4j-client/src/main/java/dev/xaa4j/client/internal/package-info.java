/**
 * Implementation details of {@code dev.xaa4j.client}: the HTTP transport, response reading, metadata fetching, client
 * assertions. Not a public API: it may change in any release.
 */
package dev.xaa4j.client.internal;
