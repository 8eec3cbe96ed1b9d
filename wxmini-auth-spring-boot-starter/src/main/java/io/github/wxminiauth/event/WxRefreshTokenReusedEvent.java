package io.github.wxminiauth.event;

import org.springframework.util.Assert;

/**
 * A refresh token that was already spent was presented again: someone holds a copy of it. The
 * whole session is revoked (a {@link WxSessionRevokedEvent} with
 * {@link WxSessionRevokedEvent.Reason#REUSE} follows), and the request was answered 401.
 *
 * @param sessionId the session the token belonged to
 * @since 0.2.0
 */
public record WxRefreshTokenReusedEvent(String sessionId) implements WxSessionEvent {

	public WxRefreshTokenReusedEvent {
		Assert.hasText(sessionId, "sessionId must not be empty");
	}

}
