package io.github.wxminiauth.security.web.internal;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

import io.github.wxminiauth.phone.PhoneNumberBinding;
import io.github.wxminiauth.phone.PhoneNumberService;
import io.github.wxminiauth.security.WxAuthError;
import io.github.wxminiauth.security.WxAuthErrors;
import io.github.wxminiauth.security.authentication.WxJwtAuthenticationToken;
import io.github.wxminiauth.token.IssuedTokens;
import io.github.wxminiauth.token.WxTokenService;
import io.github.wxminiauth.user.WxPrincipal;
import io.github.wxminiauth.wechat.WxApiException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.core.log.LogMessage;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.util.Assert;

/**
 * Handles {@code POST /wx/phone} (Bearer): exchanges the {@code getPhoneNumber} code, stores the
 * number through the user service, and answers with it and a new access token that carries the
 * user's updated authorities.
 *
 * @since 0.1.0
 */
public final class WxPhoneNumberFilter extends WxBearerEndpointFilter {

	private static final Log logger = LogFactory.getLog(WxPhoneNumberFilter.class);

	private final PhoneNumberService phoneNumbers;

	private final WxTokenService tokens;

	public WxPhoneNumberFilter(RequestMatcher requests, PhoneNumberService phoneNumbers, WxTokenService tokens,
			AuthenticationEntryPoint entryPoint, WxProblemWriter writer) {
		super(requests, entryPoint, writer);
		Assert.notNull(phoneNumbers, "phoneNumbers must not be null");
		Assert.notNull(tokens, "tokens must not be null");
		this.phoneNumbers = phoneNumbers;
		this.tokens = tokens;
	}

	@Override
	void handle(HttpServletRequest request, HttpServletResponse response, WxJwtAuthenticationToken bearer)
			throws IOException {
		String code = WxRequestReader.requireCode(
				WxRequestReader.optionalString(reader().readJsonObject(request), "code"), "code");
		WxPrincipal principal = bearer.getPrincipal();
		PhoneNumberBinding binding;
		try {
			binding = this.phoneNumbers.bind(principal, code);
		}
		catch (WxApiException ex) {
			WxAuthError error = WxAuthErrors.fromWeChat(ex);
			if (error.status().is5xxServerError()) {
				logger.error(LogMessage.format("Phone number verification failed: %s", error.code()), ex);
			}
			writer().writeProblem(request, response, error);
			return;
		}
		catch (RuntimeException ex) {
			writeUnavailable(request, response, logger, "Could not bind a phone number", ex);
			return;
		}
		IssuedTokens issued = this.tokens.reissueAccessToken(principal, binding.user());
		Map<String, Object> body = new LinkedHashMap<>();
		WxTokenResponses.putPhoneNumber(body, binding.phoneNumber());
		WxTokenResponses.putAccessToken(body, issued);
		writer().writeJson(response, body);
	}

}
