package io.github.wxminiauth.event;

import io.github.wxminiauth.user.WxPrincipal;

import org.springframework.util.Assert;

/**
 * A refresh token was redeemed: the session got a new access token and a new refresh token.
 *
 * @param session the session and its user
 * @since 0.2.0
 */
public record WxTokenRefreshedEvent(WxPrincipal session) implements WxSessionEvent {

	public WxTokenRefreshedEvent {
		Assert.notNull(session, "session must not be null");
	}

	@Override
	public String sessionId() {
		return this.session.sessionId();
	}

}
