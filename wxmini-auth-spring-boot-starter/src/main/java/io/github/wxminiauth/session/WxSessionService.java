package io.github.wxminiauth.session;

import java.time.Instant;
import java.util.List;

import io.github.wxminiauth.event.WxSessionRevokedEvent;
import io.github.wxminiauth.token.WxSessionInfo;
import io.github.wxminiauth.token.WxTokenService;
import io.github.wxminiauth.user.WxPrincipal;
import io.github.wxminiauth.user.WxUserDetailsService;

import org.springframework.util.Assert;

/**
 * The application's hold on mini-program login sessions: list a user's live sessions, end one, end
 * them all (kick the user out everywhere), disable and enable a user. Each takes effect at once on this instance and, with
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

	private final WxUserDetailsService users;

	/**
	 * Creates the service.
	 * @param tokens keeps and revokes the sessions
	 * @param users disables and enables users
	 */
	public WxSessionService(WxTokenService tokens, WxUserDetailsService users) {
		Assert.notNull(tokens, "tokens must not be null");
		Assert.notNull(users, "users must not be null");
		this.tokens = tokens;
		this.users = users;
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

	/**
	 * Makes the user's current access tokens stale, e.g. after their authorities changed: each
	 * access token of theirs is refused from now on (401 {@code invalid_token}, which the client
	 * answers with a refresh), and the next refresh issues tokens with the user's authorities as
	 * the user service then reads them. No new {@code wx.login} is needed.
	 * @param appId the mini program
	 * @param openid the user
	 */
	public void refreshAuthorities(String appId, String openid) {
		this.tokens.makeAccessTokensStale(appId, openid);
	}

	/**
	 * Disables a user until an instant: they can neither log in nor refresh (403
	 * {@code account_disabled}), and every session of theirs in the mini program ends, so their
	 * access tokens stop working (401 {@code invalid_token}). Needs a
	 * {@link WxUserDetailsService} that implements {@link WxUserDetailsService#disable}.
	 * @param appId the mini program
	 * @param openid the user
	 * @param until until when, or {@link io.github.wxminiauth.user.WxUserDetails#DISABLED_INDEFINITELY}
	 * @return how many sessions ended
	 */
	public int disable(String appId, String openid, Instant until) {
		Assert.notNull(until, "until must not be null");
		this.users.disable(appId, openid, until);
		return revokeAll(appId, openid, WxSessionRevokedEvent.Reason.BAN);
	}

	/**
	 * Enables a disabled user; they may log in again at once.
	 * @param appId the mini program
	 * @param openid the user
	 */
	public void enable(String appId, String openid) {
		Assert.hasText(appId, "appId must not be empty");
		Assert.hasText(openid, "openid must not be empty");
		this.users.enable(appId, openid);
	}

	private static WxPrincipal principal(WxSessionInfo session) {
		return new WxPrincipal(session.appId(), session.openid(), null, session.sessionId());
	}

}
