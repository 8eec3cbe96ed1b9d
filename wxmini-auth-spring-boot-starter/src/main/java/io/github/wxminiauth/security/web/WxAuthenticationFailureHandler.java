package io.github.wxminiauth.security.web;

import java.io.IOException;

import io.github.wxminiauth.metrics.WxMiniMetrics;
import io.github.wxminiauth.security.WxAuthError;
import io.github.wxminiauth.security.WxAuthErrors;
import io.github.wxminiauth.security.WxAuthenticationException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.core.log.LogMessage;
import org.springframework.security.authentication.InternalAuthenticationServiceException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.authentication.AuthenticationFailureHandler;

/**
 * Answers a failed login with the contract's problem.
 */
final class WxAuthenticationFailureHandler implements AuthenticationFailureHandler {

	private static final Log logger = LogFactory.getLog(WxAuthenticationFailureHandler.class);

	private final WxProblemWriter writer;

	private final WxMiniMetrics metrics;

	WxAuthenticationFailureHandler(WxProblemWriter writer, WxMiniMetrics metrics) {
		this.writer = writer;
		this.metrics = metrics;
	}

	@Override
	public void onAuthenticationFailure(HttpServletRequest request, HttpServletResponse response,
			AuthenticationException exception) throws IOException {
		WxAuthError error = errorOf(exception);
		this.metrics.login(error.code(), false);
		this.writer.writeProblem(response, error);
	}

	static WxAuthError errorOf(AuthenticationException exception) {
		if (exception instanceof WxAuthenticationException wx) {
			WxAuthError error = wx.getError();
			if (error.status().is5xxServerError()) {
				// The client sees only the code; operators need the cause (it carries no secret).
				logger.error(LogMessage.format("WeChat login failed: %s", error.code()), exception.getCause());
			}
			else {
				logger.debug(LogMessage.format("WeChat login refused: %s", error.code()));
			}
			return error;
		}
		if (exception instanceof InternalAuthenticationServiceException) {
			return WxAuthErrors.temporarilyUnavailable();
		}
		return WxAuthErrors.unauthorized();
	}

}
