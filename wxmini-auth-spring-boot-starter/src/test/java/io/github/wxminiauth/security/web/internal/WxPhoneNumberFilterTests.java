package io.github.wxminiauth.security.web.internal;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import io.github.wxminiauth.accesstoken.AccessTokenProvider;
import io.github.wxminiauth.phone.PhoneNumberService;
import io.github.wxminiauth.token.IssuedTokens;
import io.github.wxminiauth.wechat.PhoneNumber;
import io.github.wxminiauth.wechat.WxAccessToken;
import io.github.wxminiauth.wechat.WxApiClient;
import io.github.wxminiauth.wechat.WxApp;
import io.github.wxminiauth.wechat.WxAppRegistry;
import io.github.wxminiauth.wechat.WxInvalidCodeException;
import io.github.wxminiauth.wechat.WxSession;
import io.github.wxminiauth.wechat.WxUnavailableException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpMethod;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code POST /wx/phone}: a WeChat that answers what the test says, the rest on in-memory parts.
 */
class WxPhoneNumberFilterTests {

	private static final PhoneNumber NUMBER = new PhoneNumber("+86 138 0013 8000", "13800138000", "86");

	private final TokenFixture fixture = new TokenFixture();

	private final FakeWeChat wechat = new FakeWeChat();

	private final WxProblemWriter writer = new WxProblemWriter(JsonMapper.shared());

	private final WxPhoneNumberFilter filter = new WxPhoneNumberFilter(
			PathPatternRequestMatcher.withDefaults().matcher(HttpMethod.POST, "/wx/phone"),
			new PhoneNumberService(WxAppRegistry.of(new WxApp("default", TokenFixture.APP_ID, "secret")),
					this.wechat, new FixedAccessToken(), this.fixture.users),
			this.fixture.tokens, new WxMiniAuthenticationEntryPoint(this.writer), this.writer);

	@AfterEach
	void clearContext() {
		SecurityContextHolder.clearContext();
	}

	@Test
	void aVerifiedNumberIsStoredAndAnsweredWithAnAccessTokenThatCarriesIt() throws Exception {
		IssuedTokens login = this.fixture.login("o-phone");
		this.fixture.authenticate(login.accessToken());

		MockHttpServletResponse response = send("{\"code\":\"phone-code\"}");

		assertThat(response.getStatus()).isEqualTo(200);
		JsonNode body = JsonMapper.shared().readTree(response.getContentAsByteArray());
		assertThat(body.get("pure_phone_number").asString()).isEqualTo("13800138000");
		assertThat(body.get("country_code").asString()).isEqualTo("86");
		assertThat(body.has("refresh_token")).as("the session goes on").isFalse();
		assertThat(this.fixture.tokens.verify(body.get("access_token").asString()).authorities())
			.contains("PHONE_VERIFIED");
		assertThat(this.fixture.users.loadUser(TokenFixture.APP_ID, "o-phone").isPhoneBound()).isTrue();
		assertThat(this.wechat.codes).containsExactly("phone-code/o-phone");
	}

	@Test
	void weChatsRefusalIsAnsweredAsTheContractSaysAndBindsNothing() throws Exception {
		this.fixture.authenticate(this.fixture.login("o-refused").accessToken());
		this.wechat.failure = new WxInvalidCodeException("getuserphonenumber", 40029, "invalid code");

		MockHttpServletResponse refused = send("{\"code\":\"spent-code\"}");
		assertThat(refused.getStatus()).isEqualTo(401);
		assertThat(refused.getContentAsString()).contains("\"error\":\"invalid_code\"");

		this.wechat.failure = new WxUnavailableException("getuserphonenumber", -1, "system busy");
		MockHttpServletResponse unavailable = send("{\"code\":\"busy-code\"}");
		assertThat(unavailable.getStatus()).isEqualTo(503);
		assertThat(unavailable.getContentAsString()).contains("\"error\":\"wechat_unavailable\"");
		assertThat(this.fixture.users.loadUser(TokenFixture.APP_ID, "o-refused").isPhoneBound()).isFalse();
	}

	@Test
	void withoutTheStartersTokenOrACodeWeChatIsNotAsked() throws Exception {
		MockHttpServletResponse anonymous = send("{\"code\":\"phone-code\"}");
		assertThat(anonymous.getStatus()).isEqualTo(401);
		assertThat(anonymous.getHeader("WWW-Authenticate")).isEqualTo("Bearer");

		this.fixture.authenticate(this.fixture.login("o-no-code").accessToken());
		MockHttpServletResponse noCode = send("{}");
		assertThat(noCode.getStatus()).isEqualTo(400);
		assertThat(noCode.getContentAsString()).contains("\"error\":\"invalid_request\"");
		assertThat(this.wechat.codes).isEmpty();
	}

	private MockHttpServletResponse send(String json) throws Exception {
		MockHttpServletRequest request = new MockHttpServletRequest("POST", "/wx/phone");
		request.setContentType("application/json");
		request.setContent(json.getBytes(StandardCharsets.UTF_8));
		MockHttpServletResponse response = new MockHttpServletResponse();
		MockFilterChain chain = new MockFilterChain();
		this.filter.doFilter(request, response, chain);
		assertThat(chain.getRequest()).as("the endpoint answered itself").isNull();
		return response;
	}

	/**
	 * getuserphonenumber answering {@link #NUMBER}, or failing as the test sets.
	 */
	private static final class FakeWeChat implements WxApiClient {

		final List<String> codes = new ArrayList<>();

		RuntimeException failure;

		@Override
		public PhoneNumber getPhoneNumber(WxApp app, String accessToken, String code, String openid) {
			this.codes.add(code + "/" + openid);
			if (this.failure != null) {
				throw this.failure;
			}
			return NUMBER;
		}

		@Override
		public WxSession code2Session(WxApp app, String code) {
			throw new UnsupportedOperationException();
		}

		@Override
		public WxAccessToken fetchStableAccessToken(WxApp app) {
			throw new UnsupportedOperationException();
		}

	}

	private static final class FixedAccessToken implements AccessTokenProvider {

		@Override
		public WxAccessToken getAccessToken(String appId) {
			throw new UnsupportedOperationException();
		}

		@Override
		public void expire(String appId, String failedToken) {
		}

		@Override
		public <T> T execute(String appId, Function<String, T> call) {
			return call.apply("access-token");
		}

	}

}
