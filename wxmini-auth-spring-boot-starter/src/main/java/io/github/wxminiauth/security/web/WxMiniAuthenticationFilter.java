package io.github.wxminiauth.security.web;

import java.io.IOException;
import java.util.Map;

import io.github.wxminiauth.metrics.WxMiniMetrics;
import io.github.wxminiauth.security.WxAuthErrors;
import io.github.wxminiauth.security.WxAuthenticationException;
import io.github.wxminiauth.security.authentication.WxMiniAuthenticationToken;
import io.github.wxminiauth.token.WxTokenService;
import io.github.wxminiauth.wechat.WxApp;
import io.github.wxminiauth.wechat.WxAppRegistry;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpMethod;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.authentication.AbstractAuthenticationProcessingFilter;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.util.Assert;

/**
 * Handles {@code POST /wx/login}: reads the {@code wx.login} code (JSON {@code {"code": …,
 * "app_id": …}} or form field {@code code}), and authenticates it with the
 * {@link io.github.wxminiauth.security.authentication.WxMiniAuthenticationProvider}. The success
 * handler answers with the tokens.
 *
 * @since 0.1.0
 */
public final class WxMiniAuthenticationFilter extends AbstractAuthenticationProcessingFilter {

	private final WxAppRegistry apps;

	private final WxRequestReader reader;

	/**
	 * Creates the filter with the starter's success handler (answers with the tokens) and failure
	 * handler (answers with the contract's problem).
	 * @param loginPath the path of the login endpoint
	 * @param authenticationManager authenticates {@code WxMiniAuthenticationToken}s
	 * @param apps the configured mini programs
	 * @param tokens issues the tokens of a new session
	 * @param jsonMapper reads requests and writes responses
	 */
	public WxMiniAuthenticationFilter(String loginPath, AuthenticationManager authenticationManager,
			WxAppRegistry apps, WxTokenService tokens, JsonMapper jsonMapper) {
		this(loginPath, authenticationManager, apps, tokens, jsonMapper, WxMiniMetrics.NOOP);
	}

	/**
	 * Creates the filter with the starter's success handler (answers with the tokens) and failure
	 * handler (answers with the contract's problem), recording every login's outcome.
	 * @param loginPath the path of the login endpoint
	 * @param authenticationManager authenticates {@code WxMiniAuthenticationToken}s
	 * @param apps the configured mini programs
	 * @param tokens issues the tokens of a new session
	 * @param jsonMapper reads requests and writes responses
	 * @param metrics records the outcome of each login
	 */
	public WxMiniAuthenticationFilter(String loginPath, AuthenticationManager authenticationManager,
			WxAppRegistry apps, WxTokenService tokens, JsonMapper jsonMapper, WxMiniMetrics metrics) {
		super(PathPatternRequestMatcher.withDefaults().matcher(HttpMethod.POST, loginPath), authenticationManager);
		Assert.notNull(apps, "apps must not be null");
		Assert.notNull(metrics, "metrics must not be null");
		this.apps = apps;
		this.reader = new WxRequestReader(jsonMapper);
		WxProblemWriter writer = new WxProblemWriter(jsonMapper);
		setAuthenticationSuccessHandler(new WxLoginSuccessHandler(tokens, writer, metrics));
		setAuthenticationFailureHandler(new WxAuthenticationFailureHandler(writer, metrics));
	}

	@Override
	public Authentication attemptAuthentication(HttpServletRequest request, HttpServletResponse response)
			throws AuthenticationException, IOException {
		String code;
		String appId;
		if (WxRequestReader.isForm(request)) {
			Map<String, String> form = this.reader.readForm(request);
			code = form.get("code");
			appId = form.get("app_id");
		}
		else {
			JsonNode body = this.reader.readJsonObject(request);
			code = WxRequestReader.optionalString(body, "code");
			appId = WxRequestReader.optionalString(body, "app_id");
		}
		code = WxRequestReader.requireCode(code, "code");
		WxApp app = resolveApp(appId);
		return getAuthenticationManager().authenticate(WxMiniAuthenticationToken.unauthenticated(app, code));
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
