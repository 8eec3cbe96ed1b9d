package io.github.wxminiauth.security.web.internal;

import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;

/**
 * Reads the bearer token of a request's {@code Authorization} header (RFC 6750 §2.1; the scheme
 * is case-insensitive).
 */
final class BearerTokens {

	private static final String BEARER_PREFIX = "Bearer ";

	private BearerTokens() {
	}

	static boolean hasBearerToken(HttpServletRequest request) {
		return token(request) != null;
	}

	/**
	 * The token of a {@code Bearer} header, possibly empty, or {@code null} if the request has
	 * none.
	 */
	static @Nullable String token(HttpServletRequest request) {
		String header = request.getHeader(HttpHeaders.AUTHORIZATION);
		if (header == null || !header.regionMatches(true, 0, BEARER_PREFIX, 0, BEARER_PREFIX.length())) {
			return null;
		}
		return header.substring(BEARER_PREFIX.length()).trim();
	}

}
