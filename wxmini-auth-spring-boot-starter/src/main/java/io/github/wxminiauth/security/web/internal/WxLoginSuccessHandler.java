package io.github.wxminiauth.security.web.internal;

import java.io.IOException;

import io.github.wxminiauth.metrics.WxMiniMetrics;
import io.github.wxminiauth.security.WxAuthErrors;
import io.github.wxminiauth.security.authentication.WxMiniAuthenticationToken;
import io.github.wxminiauth.token.IssuedTokens;
import io.github.wxminiauth.token.WxTokenService;
import io.github.wxminiauth.user.WxUserRegistration;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.security.core.Authentication;
import org.springframework.security.web.authentication.AuthenticationSuccessHandler;
import org.springframework.util.Assert;

/**
 * Answers a successful login with a new session's tokens (contract §2, {@code POST /wx/login});
 * a one-tap phone login's answer also carries the number it bound.
 * The default success handler of {@code WxMiniConfigurer}; an application that sets its own can
 * delegate to it.
 *
 * @since 0.2.0
 */
public final class WxLoginSuccessHandler implements AuthenticationSuccessHandler {

	private static final Log logger = LogFactory.getLog(WxLoginSuccessHandler.class);

	private final WxTokenService tokens;

	private final WxProblemWriter writer;

	private final WxMiniMetrics metrics;

	/**
	 * Creates the handler.
	 * @param tokens starts the session
	 * @param writer writes the answer
	 * @param metrics records each login
	 */
	public WxLoginSuccessHandler(WxTokenService tokens, WxProblemWriter writer, WxMiniMetrics metrics) {
		Assert.notNull(tokens, "tokens must not be null");
		Assert.notNull(writer, "writer must not be null");
		Assert.notNull(metrics, "metrics must not be null");
		this.tokens = tokens;
		this.writer = writer;
		this.metrics = metrics;
	}

	@Override
	public void onAuthenticationSuccess(HttpServletRequest request, HttpServletResponse response,
			Authentication authentication) throws IOException {
		WxMiniAuthenticationToken login = (WxMiniAuthenticationToken) authentication;
		WxUserRegistration registration = login.getPrincipal();
		Assert.state(registration != null, "not authenticated");
		IssuedTokens issued;
		try {
			issued = this.tokens.login(registration, login.getDevice());
		}
		catch (RuntimeException ex) {
			logger.error("Could not start a session after a successful login", ex);
			this.metrics.login(WxAuthErrors.TEMPORARILY_UNAVAILABLE, false);
			this.writer.writeProblem(request, response, WxAuthErrors.temporarilyUnavailable());
			return;
		}
		this.metrics.login(WxMiniMetrics.OUTCOME_SUCCESS, registration.created());
		this.writer.writeJson(response,
				WxTokenResponses.loginResponse(issued, registration.created(), login.getPhoneNumber()));
	}

}
