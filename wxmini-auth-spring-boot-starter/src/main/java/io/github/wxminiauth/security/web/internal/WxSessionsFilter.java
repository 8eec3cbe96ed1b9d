package io.github.wxminiauth.security.web.internal;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.github.wxminiauth.event.WxSessionRevokedEvent;
import io.github.wxminiauth.security.WxAuthErrors;
import io.github.wxminiauth.security.authentication.WxJwtAuthenticationToken;
import io.github.wxminiauth.session.WxSessionService;
import io.github.wxminiauth.token.WxSessionInfo;
import io.github.wxminiauth.user.WxPrincipal;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.util.matcher.OrRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.util.Assert;

/**
 * Handles the caller's sessions (Bearer): {@code GET /wx/sessions} lists the live sessions of the
 * caller's user in the caller's mini program, newest first, marking the current one;
 * {@code DELETE /wx/sessions/{sid}} ends one of them (404 {@code not_found} for any other session,
 * whether it exists for someone else or not at all); {@code DELETE /wx/sessions} ends them all, the
 * current one included.
 *
 * @since 0.2.0
 */
public final class WxSessionsFilter extends WxBearerEndpointFilter {

	private static final Log logger = LogFactory.getLog(WxSessionsFilter.class);

	private final RequestMatcher list;

	private final RequestMatcher endAll;

	private final RequestMatcher endOne;

	private final WxSessionService sessions;

	/**
	 * Creates the filter.
	 * @param list {@code GET} of the session list
	 * @param endAll {@code DELETE} of the session list
	 * @param endOne {@code DELETE} of one session, with the path variable {@code sid}
	 * @param sessions lists and ends sessions
	 * @param entryPoint answers a request without the starter's bearer token
	 * @param writer writes the answers
	 */
	public WxSessionsFilter(RequestMatcher list, RequestMatcher endAll, RequestMatcher endOne,
			WxSessionService sessions, AuthenticationEntryPoint entryPoint, WxProblemWriter writer) {
		super(new OrRequestMatcher(list, endAll, endOne), entryPoint, writer);
		Assert.notNull(sessions, "sessions must not be null");
		this.list = list;
		this.endAll = endAll;
		this.endOne = endOne;
		this.sessions = sessions;
	}

	@Override
	void handle(HttpServletRequest request, HttpServletResponse response, WxJwtAuthenticationToken bearer)
			throws IOException {
		WxPrincipal caller = bearer.getPrincipal();
		try {
			if (this.list.matches(request)) {
				writer().writeJson(response, Map.of("sessions", describe(caller)));
				return;
			}
			if (this.endAll.matches(request)) {
				this.sessions.revokeAll(caller.appId(), caller.openid(), WxSessionRevokedEvent.Reason.LOGOUT);
				response.setStatus(HttpServletResponse.SC_NO_CONTENT);
				return;
			}
			String sessionId = this.endOne.matcher(request).getVariables().get("sid");
			if (sessionId == null || !this.sessions.revoke(caller.appId(), caller.openid(), sessionId,
					WxSessionRevokedEvent.Reason.LOGOUT)) {
				writer().writeProblem(request, response, WxAuthErrors.notFound("No such session of yours"));
				return;
			}
			response.setStatus(HttpServletResponse.SC_NO_CONTENT);
		}
		catch (RuntimeException ex) {
			writeUnavailable(request, response, logger, "Could not read or end sessions", ex);
		}
	}

	private List<Map<String, Object>> describe(WxPrincipal caller) {
		List<Map<String, Object>> described = new ArrayList<>();
		for (WxSessionInfo session : this.sessions.sessions(caller.appId(), caller.openid())) {
			Map<String, Object> entry = new LinkedHashMap<>();
			entry.put("sid", session.sessionId());
			entry.put("current", session.sessionId().equals(caller.sessionId()));
			entry.put("device", session.device());
			entry.put("created_at", session.createdAt().toString());
			entry.put("refreshed_at", (session.refreshedAt() != null) ? session.refreshedAt().toString() : null);
			entry.put("expires_at", session.expiresAt().toString());
			described.add(entry);
		}
		return described;
	}

}
