package io.github.wxminiauth.security.web.internal;

import java.util.ArrayList;
import java.util.List;

import io.github.wxminiauth.metrics.WxMiniMetrics;
import io.github.wxminiauth.security.WxAuthErrors;
import io.github.wxminiauth.security.WxAuthenticationException;
import io.github.wxminiauth.wechat.WxInvalidCodeException;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.InternalAuthenticationServiceException;
import org.springframework.security.core.AuthenticationException;

import static org.assertj.core.api.Assertions.assertThat;

class WxAuthenticationFailureHandlerTests {

	private final List<String> logins = new ArrayList<>();

	private final WxAuthenticationFailureHandler handler = new WxAuthenticationFailureHandler(
			new WxProblemWriter(JsonMapper.shared()), new WxMiniMetrics() {

				@Override
				public void login(String outcome, boolean newUser) {
					WxAuthenticationFailureHandlerTests.this.logins.add(outcome + "/" + newUser);
				}

			});

	@Test
	void aWeChatRefusalAnswersItsOwnErrorAndIsCountedAsAFailedLogin() throws Exception {
		MockHttpServletResponse response = fail(new WxAuthenticationException(
				WxAuthErrors.fromWeChat(new WxInvalidCodeException("jscode2session", 40029, "invalid code"))));

		assertThat(response.getStatus()).isEqualTo(401);
		JsonNode body = body(response);
		assertThat(body.get("error").asString()).isEqualTo("invalid_code");
		assertThat(body.get("wx_errcode").asInt()).isEqualTo(40029);
		assertThat(this.logins).containsExactly("invalid_code/false");
	}

	@Test
	void aBrokenAuthenticationServiceIsTemporarilyUnavailable() throws Exception {
		MockHttpServletResponse response = fail(
				new InternalAuthenticationServiceException("user store down", new IllegalStateException("down")));

		assertThat(response.getStatus()).isEqualTo(503);
		assertThat(body(response).get("error").asString()).isEqualTo("temporarily_unavailable");
		assertThat(response.getContentAsString()).doesNotContain("user store down");
		assertThat(this.logins).containsExactly("temporarily_unavailable/false");
	}

	@Test
	void anyOtherFailureIsUnauthorizedWithoutItsMessage() throws Exception {
		MockHttpServletResponse response = fail(new BadCredentialsException("secret detail of another provider"));

		assertThat(response.getStatus()).isEqualTo(401);
		assertThat(body(response).get("error").asString()).isEqualTo("unauthorized");
		assertThat(response.getContentAsString()).doesNotContain("secret detail");
		assertThat(this.logins).containsExactly("unauthorized/false");
	}

	private MockHttpServletResponse fail(AuthenticationException exception) throws Exception {
		MockHttpServletResponse response = new MockHttpServletResponse();
		this.handler.onAuthenticationFailure(new MockHttpServletRequest("POST", "/wx/login"), response, exception);
		return response;
	}

	private static JsonNode body(MockHttpServletResponse response) {
		return JsonMapper.shared().readTree(response.getContentAsByteArray());
	}

}
