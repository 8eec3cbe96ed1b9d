package io.github.wxminiauth.security.web.internal;

import java.io.IOException;

import io.github.wxminiauth.metrics.WxMiniMetrics;
import io.github.wxminiauth.security.WxAuthError;
import io.github.wxminiauth.security.WxAuthErrors;
import io.github.wxminiauth.security.WxAuthenticationException;
import io.github.wxminiauth.security.web.WxErrorResponseWriter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.core.log.LogMessage;
import org.springframework.security.authentication.InternalAuthenticationServiceException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.authentication.AuthenticationFailureHandler;
import org.springframework.util.Assert;

/**
 * Answers a failed login with the contract's error (RFC 9457 by default, or the shape of the
 * application's {@link WxErrorResponseWriter}) and records its outcome. The default failure
 * handler of {@code WxMiniConfigurer}; an application that sets its own can delegate to it.
 *
 * @since 0.2.0
 */
public final class WxAuthenticationFailureHandler implements AuthenticationFailureHandler {

	private static final Log logger = LogFactory.getLog(WxAuthenticationFailureHandler.class);

	private final WxProblemWriter writer;

	private final WxMiniMetrics metrics;

	/**
	 * Creates the handler.
	 * @param writer writes the error
	 * @param metrics records each failed login
	 */
	public WxAuthenticationFailureHandler(WxProblemWriter writer, WxMiniMetrics metrics) {
		Assert.notNull(writer, "writer must not be null");
		Assert.notNull(metrics, "metrics must not be null");
		this.writer = writer;
		this.metrics = metrics;
	}

	@Override
	public void onAuthenticationFailure(HttpServletRequest request, HttpServletResponse response,
			AuthenticationException exception) throws IOException {
		WxAuthError error = errorOf(exception);
		this.metrics.login(error.code(), false);
		this.writer.writeProblem(request, response, error);
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
