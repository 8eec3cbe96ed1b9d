package io.github.wxminiauth.event;

import io.github.wxminiauth.user.WxPrincipal;

import org.springframework.util.Assert;

/**
 * A user logged in: a new session started.
 *
 * @param session the new session and its user
 * @param newUser whether this login registered the user
 * @since 0.2.0
 */
public record WxLoginEvent(WxPrincipal session, boolean newUser) implements WxSessionEvent {

	public WxLoginEvent {
		Assert.notNull(session, "session must not be null");
	}

	@Override
	public String sessionId() {
		return this.session.sessionId();
	}

}
