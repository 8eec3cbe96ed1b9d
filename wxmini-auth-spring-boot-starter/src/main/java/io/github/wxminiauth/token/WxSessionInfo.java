package io.github.wxminiauth.token;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

/**
 * A live login session as the session list shows it: never a token.
 *
 * @param sessionId the session ({@code sid})
 * @param appId the mini program
 * @param openid the user
 * @param device the label the mini program gave the login, or {@code null}
 * @param createdAt when the user logged in
 * @param refreshedAt when a refresh token of the session was last redeemed, or {@code null}
 * @param expiresAt when the session's refresh token expires
 * @since 0.2.0
 */
public record WxSessionInfo(String sessionId, String appId, String openid, @Nullable String device, Instant createdAt,
		@Nullable Instant refreshedAt, Instant expiresAt) {

	public WxSessionInfo {
		Assert.hasText(sessionId, "sessionId must not be empty");
		Assert.hasText(appId, "appId must not be empty");
		Assert.hasText(openid, "openid must not be empty");
		Assert.notNull(createdAt, "createdAt must not be null");
		Assert.notNull(expiresAt, "expiresAt must not be null");
	}

}
