package io.github.wxminiauth.security.web.internal;

import java.util.List;

import jakarta.servlet.Filter;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.web.DefaultSecurityFilterChain;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.www.BasicAuthenticationFilter;
import org.springframework.security.web.firewall.HttpStatusRequestRejectedHandler;
import org.springframework.security.web.firewall.RequestRejectedException;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.AnyRequestMatcher;
import org.springframework.web.filter.CharacterEncodingFilter;

import static org.assertj.core.api.Assertions.assertThat;

class WxRequestRejectedHandlerTests {

	private static final RequestRejectedException REJECTED = new RequestRejectedException(
			"The request was rejected because the URL contained a potentially malicious String \"//\"");

	private final WxProblemWriter writer = new WxProblemWriter(JsonMapper.shared());

	private final TokenFixture fixture = new TokenFixture();

	@Test
	void aRejectedRequestWithABearerTokenGetsTheContractsInvalidRequest() throws Exception {
		MockHttpServletRequest request = new MockHttpServletRequest("GET", "/api//me");
		request.addHeader("Authorization", "Bearer some.access.token");
		MockHttpServletResponse response = new MockHttpServletResponse();

		handler(false).handle(request, response, REJECTED);

		assertThat(response.getStatus()).isEqualTo(400);
		assertThat(response.getContentType()).startsWith("application/problem+json");
		JsonNode body = JsonMapper.shared().readTree(response.getContentAsByteArray());
		assertThat(body.get("error").asString()).isEqualTo("invalid_request");
		assertThat(body.get("detail").asString()).doesNotContain("malicious");
	}

	@Test
	void withoutABearerTokenTheApplicationsOwnAnswerStandsUnlessTheStarterIsItsOnlySecurity() throws Exception {
		MockHttpServletResponse fallback = new MockHttpServletResponse();
		handler(false).handle(new MockHttpServletRequest("GET", "/admin//users"), fallback, REJECTED);
		assertThat(fallback.getStatus()).isEqualTo(400);
		assertThat(fallback.getContentType()).as("Spring Security's default answer").isNull();
		assertThat(fallback.getContentAsString()).doesNotContain("invalid_request");

		MockHttpServletResponse ours = new MockHttpServletResponse();
		handler(true).handle(new MockHttpServletRequest("GET", "/api//me"), ours, REJECTED);
		assertThat(ours.getStatus()).isEqualTo(400);
		assertThat(ours.getContentType()).startsWith("application/problem+json");
		assertThat(ours.getContentAsString()).contains("\"error\":\"invalid_request\"");
	}

	@Test
	void theStarterIsTheOnlySecurityWhenEveryChainHasItsBearerFilterAndNoOtherAuthentication() {
		Filter bearer = new WxBearerTokenAuthenticationFilter(this.fixture.tokens,
				new WxMiniAuthenticationEntryPoint(this.writer), PathPatternRequestMatcher.pathPattern("/wx/login"));
		Filter basic = new BasicAuthenticationFilter((AuthenticationManager) (authentication) -> authentication);
		Filter unrelated = new CharacterEncodingFilter();

		assertThat(WxRequestRejectedHandler.isStarterOnly(List.of())).as("no chain").isFalse();
		assertThat(WxRequestRejectedHandler.isStarterOnly(List.of(chain(unrelated, bearer)))).isTrue();
		assertThat(WxRequestRejectedHandler.isStarterOnly(List.of(chain(bearer), chain(bearer, unrelated)))).isTrue();
		assertThat(WxRequestRejectedHandler.isStarterOnly(List.of(chain(bearer, basic)))).as("with Basic").isFalse();
		assertThat(WxRequestRejectedHandler.isStarterOnly(List.of(chain(bearer), chain(unrelated))))
			.as("a chain without the bearer filter")
			.isFalse();
	}

	private WxRequestRejectedHandler handler(boolean answersEveryRejection) {
		return new WxRequestRejectedHandler(this.writer, () -> answersEveryRejection,
				new HttpStatusRequestRejectedHandler());
	}

	private static SecurityFilterChain chain(Filter... filters) {
		return new DefaultSecurityFilterChain(AnyRequestMatcher.INSTANCE, filters);
	}

}
