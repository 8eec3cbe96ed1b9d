package io.github.wxminiauth.security.web.internal;

import java.io.IOException;

import io.github.wxminiauth.security.WxAuthErrors;
import io.github.wxminiauth.security.WxAuthenticationException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.util.Assert;

/**
 * Answers 401 with a {@code WWW-Authenticate: Bearer} challenge: the carried error when the
 * starter refused the request's token (e.g. {@code invalid_token}); {@code invalid_token} when the
 * request carried a bearer token that nothing in the chain accepted (garbage, a refresh token, a
 * token of another issuer); {@code unauthorized}, without an error attribute (RFC 6750 §3.1), when
 * it carried no credentials.
 *
 * @since 0.1.0
 */
public final class WxMiniAuthenticationEntryPoint implements AuthenticationEntryPoint {

	private final WxProblemWriter writer;

	/**
	 * Creates the entry point.
	 * @param writer writes the error
	 * @since 0.2.0
	 */
	public WxMiniAuthenticationEntryPoint(WxProblemWriter writer) {
		Assert.notNull(writer, "writer must not be null");
		this.writer = writer;
	}

	@Override
	public void commence(HttpServletRequest request, HttpServletResponse response,
			AuthenticationException authException) throws IOException {
		if (authException instanceof WxAuthenticationException wx) {
			this.writer.writeProblem(request, response, wx.getError());
			return;
		}
		if (BearerTokens.hasBearerToken(request)) {
			this.writer.writeProblem(request, response,
					WxAuthErrors.invalidToken("The bearer token is not an access token this server accepts"));
			return;
		}
		this.writer.writeProblem(request, response, WxAuthErrors.unauthorized());
	}

}
