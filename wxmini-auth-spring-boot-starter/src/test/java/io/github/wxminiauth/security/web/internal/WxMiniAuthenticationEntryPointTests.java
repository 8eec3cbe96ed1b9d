package io.github.wxminiauth.security.web.internal;

import io.github.wxminiauth.security.WxAuthErrors;
import io.github.wxminiauth.security.WxAuthenticationException;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.authentication.InsufficientAuthenticationException;

import static org.assertj.core.api.Assertions.assertThat;

class WxMiniAuthenticationEntryPointTests {

	private final WxMiniAuthenticationEntryPoint entryPoint = new WxMiniAuthenticationEntryPoint(
			new WxProblemWriter(JsonMapper.shared()));

	private final MockHttpServletRequest request = new MockHttpServletRequest("GET", "/api/me");

	private final MockHttpServletResponse response = new MockHttpServletResponse();

	@Test
	void aRequestWithoutCredentialsGetsUnauthorizedWithABareChallenge() throws Exception {
		this.entryPoint.commence(this.request, this.response, new InsufficientAuthenticationException("none"));
		assertThat(this.response.getStatus()).isEqualTo(401);
		assertThat(this.response.getHeader("WWW-Authenticate")).isEqualTo("Bearer");
		assertThat(this.response.getContentAsString()).contains("\"error\":\"unauthorized\"");
	}

	@Test
	void aBearerTokenThatNothingAcceptedIsAnInvalidToken() throws Exception {
		this.request.addHeader("Authorization", "Bearer not-a-token-anyone-issued");
		this.entryPoint.commence(this.request, this.response, new InsufficientAuthenticationException("none"));
		assertThat(this.response.getStatus()).isEqualTo(401);
		assertThat(this.response.getHeader("WWW-Authenticate")).isEqualTo("Bearer error=\"invalid_token\"");
		assertThat(this.response.getContentAsString()).contains("\"error\":\"invalid_token\"");
	}

	@Test
	void otherCredentialsAreNotABearerToken() throws Exception {
		this.request.addHeader("Authorization", "Basic dXNlcjpwYXNz");
		this.entryPoint.commence(this.request, this.response, new InsufficientAuthenticationException("none"));
		assertThat(this.response.getHeader("WWW-Authenticate")).isEqualTo("Bearer");
		assertThat(this.response.getContentAsString()).contains("\"error\":\"unauthorized\"");
	}

	@Test
	void theStartersOwnRefusalIsAnsweredWithItsError() throws Exception {
		this.request.addHeader("Authorization", "Bearer a.b.c");
		this.entryPoint.commence(this.request, this.response,
				new WxAuthenticationException(WxAuthErrors.temporarilyUnavailable()));
		assertThat(this.response.getStatus()).isEqualTo(503);
		assertThat(this.response.getHeader("Retry-After")).isNotNull();
		assertThat(this.response.getContentAsString()).contains("\"error\":\"temporarily_unavailable\"");
	}

	@Test
	void theDeniedHandlerAnswersAccessDenied() throws Exception {
		new WxMiniAccessDeniedHandler(new WxProblemWriter(JsonMapper.shared())).handle(this.request, this.response,
				new AccessDeniedException("no"));
		assertThat(this.response.getStatus()).isEqualTo(403);
		assertThat(this.response.getHeader("WWW-Authenticate")).isNull();
		assertThat(this.response.getContentAsString()).contains("\"error\":\"access_denied\"");
	}

}
