package io.github.wxminiauth.session;

import java.util.List;

import io.github.wxminiauth.event.WxSessionRevokedEvent;
import io.github.wxminiauth.token.WxSessionInfo;
import io.github.wxminiauth.token.WxTokenService;
import io.github.wxminiauth.user.WxPrincipal;

import org.springframework.util.Assert;

/**
 * The application's hold on mini-program login sessions: list a user's live sessions, end one, or
 * end them all (kick the user out everywhere). Each takes effect at once on this instance and, with
 * a shared store, on every instance within the revocation poll interval; the user may log in again
 * at once. Inject it where an operator or the user acts:
 *
 * <pre class="code">
 * &#64;DeleteMapping("/admin/users/{openid}/sessions")
 * void kick(&#64;PathVariable String openid) {
 *     this.sessions.revokeAll(APP_ID, openid, WxSessionRevokedEvent.Reason.KICK);
 * }
 * </pre>
 *
 * @since 0.2.0
 */
public final class WxSessionService {

	private final WxTokenService tokens;

	/**
	 * Creates the service.
	 * @param tokens keeps and revokes the sessions
	 */
	public WxSessionService(WxTokenService tokens) {
		Assert.notNull(tokens, "tokens must not be null");
		this.tokens = tokens;
	}

	/**
	 * The user's live sessions in one mini program, newest first.
	 * @param appId the mini program
	 * @param openid the user
	 * @return the sessions
	 */
	public List<WxSessionInfo> sessions(String appId, String openid) {
		Assert.hasText(appId, "appId must not be empty");
		Assert.hasText(openid, "openid must not be empty");
		return this.tokens.liveSessions(appId, openid);
	}

	/**
	 * Ends one of the user's sessions.
	 * @param appId the mini program
	 * @param openid the user
	 * @param sessionId the session
	 * @param reason why, for the {@link WxSessionRevokedEvent}
	 * @return {@code false} if it is not one of that user's live sessions in that mini program (then
	 * nothing happened)
	 */
	public boolean revoke(String appId, String openid, String sessionId, WxSessionRevokedEvent.Reason reason) {
		Assert.hasText(sessionId, "sessionId must not be empty");
		for (WxSessionInfo session : sessions(appId, openid)) {
			if (session.sessionId().equals(sessionId)) {
				this.tokens.revoke(principal(session), reason);
				return true;
			}
		}
		return false;
	}

	/**
	 * Ends every live session of the user in one mini program.
	 * @param appId the mini program
	 * @param openid the user
	 * @param reason why, for the {@link WxSessionRevokedEvent}s
	 * @return how many sessions ended
	 */
	public int revokeAll(String appId, String openid, WxSessionRevokedEvent.Reason reason) {
		List<WxSessionInfo> live = sessions(appId, openid);
		for (WxSessionInfo session : live) {
			this.tokens.revoke(principal(session), reason);
		}
		return live.size();
	}

	private static WxPrincipal principal(WxSessionInfo session) {
		return new WxPrincipal(session.appId(), session.openid(), null, session.sessionId());
	}

}
