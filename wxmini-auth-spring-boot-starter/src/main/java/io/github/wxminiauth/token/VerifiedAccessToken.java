package io.github.wxminiauth.token;

import java.time.Instant;
import java.util.List;

import io.github.wxminiauth.user.WxPrincipal;

import org.springframework.util.Assert;

/**
 * An access token whose signature, issuer, expiry and session were checked.
 *
 * @param principal who it was issued to, and in which session
 * @param authorities the {@code authorities} claim
 * @param tokenId the {@code jti} claim
 * @param expiresAt the {@code exp} claim
 * @since 0.1.0
 */
public record VerifiedAccessToken(WxPrincipal principal, List<String> authorities, String tokenId, Instant expiresAt) {

	public VerifiedAccessToken {
		Assert.notNull(principal, "principal must not be null");
		authorities = List.copyOf(authorities);
	}

}
