package io.github.wxminiauth.event;

import io.github.wxminiauth.user.WxPrincipal;

import org.springframework.util.Assert;

/**
 * A user ended their session ({@code POST /wx/logout}). A {@link WxSessionRevokedEvent} with
 * {@link WxSessionRevokedEvent.Reason#LOGOUT} follows.
 *
 * @param session the session and its user
 * @since 0.2.0
 */
public record WxLogoutEvent(WxPrincipal session) implements WxSessionEvent {

	public WxLogoutEvent {
		Assert.notNull(session, "session must not be null");
	}

	@Override
	public String sessionId() {
		return this.session.sessionId();
	}

}
