package io.github.wxminiauth.security.web.internal;

import java.io.IOException;

import io.github.wxminiauth.security.WxAuthErrors;
import io.github.wxminiauth.token.AccountDisabledException;
import io.github.wxminiauth.token.InvalidGrantException;
import io.github.wxminiauth.token.IssuedTokens;
import io.github.wxminiauth.token.WxTokenService;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import tools.jackson.databind.JsonNode;

import org.springframework.core.log.LogMessage;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.util.Assert;

/**
 * Handles {@code POST /wx/token/refresh}: spends the presented refresh token and answers with a new
 * access token and a new refresh token of the same session.
 *
 * @since 0.1.0
 */
public final class WxRefreshTokenFilter extends WxEndpointFilter {

	private static final Log logger = LogFactory.getLog(WxRefreshTokenFilter.class);

	/**
	 * Refresh tokens are 43 characters. Longer values up to this limit (an access JWT sent by
	 * mistake, say) are an unknown grant; anything longer is not a token at all.
	 */
	private static final int MAX_REFRESH_TOKEN_LENGTH = 4096;

	private final WxTokenService tokens;

	public WxRefreshTokenFilter(RequestMatcher requests, WxTokenService tokens, WxProblemWriter writer) {
		super(requests, writer);
		Assert.notNull(tokens, "tokens must not be null");
		this.tokens = tokens;
	}

	@Override
	void handle(HttpServletRequest request, HttpServletResponse response) throws IOException {
		JsonNode body = reader().readJsonObject(request);
		String refreshToken = WxRequestReader.optionalString(body, "refresh_token");
		if (refreshToken == null || refreshToken.isBlank()) {
			throw WxRequestReader.invalid("'refresh_token' is required");
		}
		if (refreshToken.length() > MAX_REFRESH_TOKEN_LENGTH) {
			throw WxRequestReader.invalid("'refresh_token' is too long");
		}
		if (WxRequestReader.hasControlCharacters(refreshToken)) {
			throw WxRequestReader.invalid("'refresh_token' contains control characters");
		}
		IssuedTokens issued;
		try {
			issued = this.tokens.refresh(refreshToken);
		}
		catch (AccountDisabledException ex) {
			writer().writeProblem(request, response, WxAuthErrors.accountDisabled());
			return;
		}
		catch (InvalidGrantException ex) {
			logger.debug(LogMessage.format("Refresh refused: %s", ex.getMessage()));
			writer().writeProblem(request, response, WxAuthErrors.invalidGrant(
					(ex.getMessage() != null) ? ex.getMessage() : "The refresh token is invalid"));
			return;
		}
		catch (RuntimeException ex) {
			writeUnavailable(request, response, logger, "Could not refresh a session", ex);
			return;
		}
		writer().writeJson(response, WxTokenResponses.loginResponse(issued, false));
	}

}
