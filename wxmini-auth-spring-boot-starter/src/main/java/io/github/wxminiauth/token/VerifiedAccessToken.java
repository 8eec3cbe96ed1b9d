package io.github.wxminiauth.token;

import java.time.Instant;
import java.util.List;

import io.github.wxminiauth.user.WxPrincipal;
import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

/**
 * An access token whose signature, issuer, expiry and session were checked.
 *
 * @param principal who it was issued to, and in which session
 * @param authorities the {@code authorities} claim
 * @param tokenId the {@code jti} claim
 * @param expiresAt the {@code exp} claim
 * @param issuedAt the {@code iat} claim, or {@code null} when not known (a token made for tests)
 * @since 0.1.0
 */
public record VerifiedAccessToken(WxPrincipal principal, List<String> authorities, String tokenId, Instant expiresAt,
		@Nullable Instant issuedAt) {

	public VerifiedAccessToken {
		Assert.notNull(principal, "principal must not be null");
		authorities = List.copyOf(authorities);
	}

	/**
	 * A verified token whose issue time is not known.
	 * @param principal who it was issued to, and in which session
	 * @param authorities the {@code authorities} claim
	 * @param tokenId the {@code jti} claim
	 * @param expiresAt the {@code exp} claim
	 */
	public VerifiedAccessToken(WxPrincipal principal, List<String> authorities, String tokenId, Instant expiresAt) {
		this(principal, authorities, tokenId, expiresAt, null);
	}

}
