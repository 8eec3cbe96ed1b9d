package io.github.wxminiauth.security.web.internal;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicReference;

import io.github.wxminiauth.security.WxAuthenticationException;
import io.github.wxminiauth.security.authentication.WxMiniAuthenticationToken;
import io.github.wxminiauth.wechat.WxApp;
import io.github.wxminiauth.wechat.WxAppRegistry;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.authentication.WebAuthenticationDetails;
import org.springframework.security.web.util.matcher.AnyRequestMatcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * How {@link WxMiniAuthenticationFilter} reads a login request into a token.
 */
class WxMiniAuthenticationFilterTests {

	private static final WxApp APP = new WxApp("default", "wx-app", "secret");

	private final AtomicReference<WxMiniAuthenticationToken> received = new AtomicReference<>();

	private final AuthenticationManager manager = (authentication) -> {
		this.received.set((WxMiniAuthenticationToken) authentication);
		return authentication;
	};

	private final WxMiniAuthenticationFilter filter = new WxMiniAuthenticationFilter(AnyRequestMatcher.INSTANCE,
			this.manager, WxAppRegistry.of(APP), new WxProblemWriter(JsonMapper.builder().build()));

	@Test
	void aJsonPhoneCodeMakesAOneTapLoginWithTheClientsAddressInTheDetails() throws Exception {
		attempt(json("{\"code\":\"login-code\",\"phone_code\":\"phone-code\",\"device\":\"Pixel\"}"));
		WxMiniAuthenticationToken login = this.received.get();
		assertThat(login.getCredentials()).isEqualTo("login-code");
		assertThat(login.getPhoneCode()).isEqualTo("phone-code");
		assertThat(login.getDevice()).isEqualTo("Pixel");
		assertThat(login.getApp()).isEqualTo(APP);
		assertThat(login.getDetails()).isInstanceOfSatisfying(WebAuthenticationDetails.class,
				(details) -> assertThat(details.getRemoteAddress()).isEqualTo("203.0.113.9"));
	}

	@Test
	void aFormPhoneCodeMakesAOneTapLoginToo() throws Exception {
		attempt(form("code=login-code&phone_code=phone%2Bcode"));
		assertThat(this.received.get().getPhoneCode()).isEqualTo("phone+code");
	}

	@Test
	void withoutAPhoneCodeTheLoginIsAPlainOne() throws Exception {
		attempt(json("{\"code\":\"login-code\",\"phone_code\":null}"));
		assertThat(this.received.get().getPhoneCode()).isNull();
		attempt(form("code=login-code"));
		assertThat(this.received.get().getPhoneCode()).isNull();
	}

	@Test
	void aMalformedPhoneCodeIsAnInvalidRequestThatNeverReachesTheManager() {
		for (MockHttpServletRequest request : new MockHttpServletRequest[] {
				json("{\"code\":\"c\",\"phone_code\":\"\"}"), json("{\"code\":\"c\",\"phone_code\":\" \"}"),
				json("{\"code\":\"c\",\"phone_code\":true}"), json("{\"code\":\"c\",\"phone_code\":\"a\\tb\"}"),
				json("{\"code\":\"c\",\"phone_code\":\"" + "x".repeat(129) + "\"}"), form("code=c&phone_code="),
				form("code=c&phone_code=a%0Ab"), form("code=c&phone_code=a&phone_code=b") }) {
			assertThatExceptionOfType(WxAuthenticationException.class).isThrownBy(() -> attempt(request))
				.satisfies((ex) -> assertThat(ex.getError().code()).isEqualTo("invalid_request"));
		}
		assertThat(this.received.get()).isNull();
	}

	@Test
	void aBlankPhoneCodeIsNotTakenForAPlainLogin() {
		assertThatExceptionOfType(WxAuthenticationException.class)
			.isThrownBy(() -> attempt(form("code=c&phone_code=")))
			.withMessageContaining("'phone_code' must not be blank");
	}

	@Test
	void theMessageNamesThePhoneCode() {
		assertThatExceptionOfType(WxAuthenticationException.class)
			.isThrownBy(() -> attempt(json("{\"code\":\"c\",\"phone_code\":\"a\\u0007b\"}")))
			.withMessageContaining("'phone_code'");
	}

	private Authentication attempt(MockHttpServletRequest request) throws Exception {
		return this.filter.attemptAuthentication(request, new MockHttpServletResponse());
	}

	private static MockHttpServletRequest json(String body) {
		return request("application/json", body);
	}

	private static MockHttpServletRequest form(String body) {
		return request("application/x-www-form-urlencoded", body);
	}

	private static MockHttpServletRequest request(String contentType, String body) {
		MockHttpServletRequest request = new MockHttpServletRequest("POST", "/wx/login");
		request.setContentType(contentType);
		request.setContent(body.getBytes(StandardCharsets.UTF_8));
		request.setRemoteAddr("203.0.113.9");
		return request;
	}

}
