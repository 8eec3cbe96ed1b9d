package io.github.wxminiauth.security.web.internal;

import java.io.IOException;

import io.github.wxminiauth.security.authentication.WxJwtAuthenticationToken;
import io.github.wxminiauth.token.WxTokenService;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.util.Assert;

/**
 * Handles {@code POST /wx/logout} (Bearer): revokes the session of the presented access token, so
 * its refresh tokens and access tokens stop working, and answers 204.
 *
 * @since 0.1.0
 */
public final class WxLogoutFilter extends WxBearerEndpointFilter {

	private static final Log logger = LogFactory.getLog(WxLogoutFilter.class);

	private final WxTokenService tokens;

	public WxLogoutFilter(RequestMatcher requests, WxTokenService tokens, AuthenticationEntryPoint entryPoint,
			WxProblemWriter writer) {
		super(requests, entryPoint, writer);
		Assert.notNull(tokens, "tokens must not be null");
		this.tokens = tokens;
	}

	@Override
	void handle(HttpServletRequest request, HttpServletResponse response, WxJwtAuthenticationToken bearer)
			throws IOException {
		try {
			this.tokens.logout(bearer.getPrincipal());
		}
		catch (RuntimeException ex) {
			writeUnavailable(request, response, logger, "Could not revoke a session", ex);
			return;
		}
		response.setStatus(HttpServletResponse.SC_NO_CONTENT);
	}

}
