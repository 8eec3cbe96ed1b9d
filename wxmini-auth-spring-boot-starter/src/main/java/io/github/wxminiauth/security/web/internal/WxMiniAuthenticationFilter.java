package io.github.wxminiauth.security.web.internal;

import java.io.IOException;
import java.util.Map;

import io.github.wxminiauth.security.WxAuthErrors;
import io.github.wxminiauth.security.WxAuthenticationException;
import io.github.wxminiauth.security.authentication.WxMiniAuthenticationToken;
import io.github.wxminiauth.wechat.WxApp;
import io.github.wxminiauth.wechat.WxAppRegistry;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.authentication.AbstractAuthenticationProcessingFilter;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.util.Assert;

/**
 * Handles {@code POST /wx/login}: reads the {@code wx.login} code (JSON {@code {"code": …,
 * "app_id": …}} or form field {@code code}) and, for a one-tap phone login, the
 * {@code phone_code} beside it, and authenticates them with the
 * {@link io.github.wxminiauth.security.authentication.internal.WxMiniAuthenticationProvider}. The success
 * handler answers with the tokens. The session the login starts is the starter's own (its
 * tokens): the security context is not kept in an HTTP session.
 *
 * @since 0.1.0
 */
public final class WxMiniAuthenticationFilter extends AbstractAuthenticationProcessingFilter {

	private static final int MAX_DEVICE_LENGTH = 64;

	private final WxAppRegistry apps;

	private final WxRequestReader reader;

	/**
	 * Creates the filter. Set its success handler (e.g. {@link WxLoginSuccessHandler}, which
	 * answers with the tokens) and failure handler (e.g. {@link WxAuthenticationFailureHandler}).
	 * @param requests the login requests ({@code POST /wx/login})
	 * @param authenticationManager authenticates {@code WxMiniAuthenticationToken}s
	 * @param apps the configured mini programs
	 * @param writer reads requests with its JSON mapper
	 * @since 0.2.0
	 */
	public WxMiniAuthenticationFilter(RequestMatcher requests, AuthenticationManager authenticationManager,
			WxAppRegistry apps, WxProblemWriter writer) {
		super(requests, authenticationManager);
		Assert.notNull(apps, "apps must not be null");
		Assert.notNull(writer, "writer must not be null");
		this.apps = apps;
		this.reader = new WxRequestReader(writer.jsonMapper());
	}

	@Override
	public Authentication attemptAuthentication(HttpServletRequest request, HttpServletResponse response)
			throws AuthenticationException, IOException {
		String code;
		String appId;
		String device;
		String phoneCode;
		if (WxRequestReader.isForm(request)) {
			Map<String, String> form = this.reader.readForm(request);
			code = form.get("code");
			appId = form.get("app_id");
			device = form.get("device");
			phoneCode = form.get("phone_code");
		}
		else {
			JsonNode body = this.reader.readJsonObject(request);
			code = WxRequestReader.optionalString(body, "code");
			appId = WxRequestReader.optionalString(body, "app_id");
			device = WxRequestReader.optionalString(body, "device");
			phoneCode = WxRequestReader.optionalString(body, "phone_code");
		}
		code = WxRequestReader.requireCode(code, "code");
		if (phoneCode != null) {
			// Present means a one-tap phone login: it must be as well-formed as the login code.
			if (phoneCode.isBlank()) {
				throw WxRequestReader.invalid("'phone_code' must not be blank; leave it out for a plain login");
			}
			WxRequestReader.requireCode(phoneCode, "phone_code");
		}
		checkDevice(device);
		WxApp app = resolveApp(appId);
		WxMiniAuthenticationToken login = WxMiniAuthenticationToken.unauthenticated(app, code)
			.withDevice(device)
			.withPhoneCode(phoneCode);
		// The client's address, which the rate limits of a one-tap phone login count by.
		login.setDetails(this.authenticationDetailsSource.buildDetails(request));
		return getAuthenticationManager().authenticate(login);
	}

	/**
	 * The optional label of the login shown in the session list: 1–64 printable characters.
	 */
	private static void checkDevice(@Nullable String device) {
		if (device == null) {
			return;
		}
		int length = device.codePointCount(0, device.length());
		if (device.isBlank() || length > MAX_DEVICE_LENGTH) {
			throw WxRequestReader.invalid("'device' must be 1 to " + MAX_DEVICE_LENGTH + " printable characters");
		}
		if (WxRequestReader.hasControlCharacters(device)) {
			throw WxRequestReader.invalid("'device' contains control characters");
		}
	}

	private WxApp resolveApp(@Nullable String appId) {
		WxApp app = this.apps.resolve(appId);
		if (app == null) {
			throw new WxAuthenticationException(WxAuthErrors
				.invalidRequest((appId == null) ? "'app_id' is required: this server serves several mini programs"
						: "Unknown 'app_id'"));
		}
		return app;
	}

}
