package io.github.wxminiauth.security.web;

import java.io.IOException;

import io.github.wxminiauth.security.WxAuthErrors;
import io.github.wxminiauth.security.WxAuthenticationException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.AuthenticationEntryPoint;

/**
 * Answers 401 with the contract's problem and a {@code WWW-Authenticate: Bearer} challenge:
 * {@code unauthorized} when the request carried no credentials, the carried error otherwise (e.g.
 * {@code invalid_token}).
 *
 * @since 0.1.0
 */
public final class WxMiniAuthenticationEntryPoint implements AuthenticationEntryPoint {

	private final WxProblemWriter writer;

	public WxMiniAuthenticationEntryPoint(JsonMapper jsonMapper) {
		this.writer = new WxProblemWriter(jsonMapper);
	}

	@Override
	public void commence(HttpServletRequest request, HttpServletResponse response,
			AuthenticationException authException) throws IOException {
		if (authException instanceof WxAuthenticationException wx) {
			this.writer.writeProblem(response, wx.getError());
			return;
		}
		this.writer.writeProblem(response, WxAuthErrors.unauthorized());
	}

}
