package io.github.wxminiauth.security.web.internal;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

import io.github.wxminiauth.token.IssuedTokens;
import io.github.wxminiauth.user.WxUserDetails;
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
 * The endpoint filters of a login session: logout, refresh and the caller's session list.
 */
class WxSessionEndpointFiltersTests {

	private final TokenFixture fixture = new TokenFixture();

	private final WxProblemWriter writer = new WxProblemWriter(JsonMapper.shared());

	private final WxMiniAuthenticationEntryPoint entryPoint = new WxMiniAuthenticationEntryPoint(this.writer);

	private final WxLogoutFilter logout = new WxLogoutFilter(
			PathPatternRequestMatcher.withDefaults().matcher(HttpMethod.POST, "/wx/logout"),
			this.fixture.tokens, this.entryPoint, this.writer);

	private final WxRefreshTokenFilter refresh = new WxRefreshTokenFilter(
			PathPatternRequestMatcher.withDefaults()
				.matcher(HttpMethod.POST, "/wx/token/refresh"),
			this.fixture.tokens, this.writer);

	private final WxSessionsFilter sessions = new WxSessionsFilter(
			PathPatternRequestMatcher.withDefaults().matcher(HttpMethod.GET, "/wx/sessions"),
			PathPatternRequestMatcher.withDefaults()
				.matcher(HttpMethod.DELETE, "/wx/sessions"),
			PathPatternRequestMatcher.withDefaults()
				.matcher(HttpMethod.DELETE, "/wx/sessions/{sid}"),
			this.fixture.sessions, this.entryPoint, this.writer);

	@AfterEach
	void clearContext() {
		SecurityContextHolder.clearContext();
	}

	@Test
	void logoutEndsTheCallersSessionOnly() throws Exception {
		IssuedTokens mine = this.fixture.login("o-logout");
		IssuedTokens other = this.fixture.login("o-logout");
		this.fixture.authenticate(mine.accessToken());
		MockHttpServletResponse response = send(this.logout, "POST", "/wx/logout", null);
		assertThat(response.getStatus()).isEqualTo(204);
		assertThat(this.fixture.store.isSessionRevoked(mine.session().sessionId())).isTrue();
		assertThat(this.fixture.store.isSessionRevoked(other.session().sessionId())).isFalse();
	}

	@Test
	void withoutTheStartersTokenTheEndpointsAnswer401() throws Exception {
		MockHttpServletResponse response = send(this.logout, "POST", "/wx/logout", null);
		assertThat(response.getStatus()).isEqualTo(401);
		assertThat(response.getHeader("WWW-Authenticate")).isEqualTo("Bearer");
		assertThat(send(this.sessions, "GET", "/wx/sessions", null).getStatus()).isEqualTo(401);
	}

	@Test
	void otherRequestsPassThroughTheEndpointFilters() throws Exception {
		for (WxEndpointFilter filter : new WxEndpointFilter[] { this.logout, this.refresh, this.sessions }) {
			MockHttpServletRequest request = new MockHttpServletRequest("GET", "/api/me");
			MockFilterChain chain = new MockFilterChain();
			filter.doFilter(request, new MockHttpServletResponse(), chain);
			assertThat(chain.getRequest()).isSameAs(request);
		}
	}

	@Test
	void theSessionListShowsTheCallersLiveSessionsNewestFirstAndMarksTheCurrentOne() throws Exception {
		IssuedTokens older = this.fixture.login("o-list", "iPhone 15");
		this.fixture.clock.advance(Duration.ofMinutes(1));
		IssuedTokens newer = this.fixture.login("o-list", null);
		IssuedTokens someoneElse = this.fixture.login("o-someone-else");
		this.fixture.authenticate(older.accessToken());

		MockHttpServletResponse response = send(this.sessions, "GET", "/wx/sessions", null);
		assertThat(response.getStatus()).isEqualTo(200);
		JsonNode list = JsonMapper.shared().readTree(response.getContentAsByteArray()).get("sessions");
		assertThat(list.size()).isEqualTo(2);
		assertThat(list.get(0).get("sid").asString()).isEqualTo(newer.session().sessionId());
		assertThat(list.get(0).get("current").asBoolean()).isFalse();
		assertThat(list.get(0).get("device").isNull()).isTrue();
		assertThat(list.get(1).get("sid").asString()).isEqualTo(older.session().sessionId());
		assertThat(list.get(1).get("current").asBoolean()).isTrue();
		assertThat(list.get(1).get("device").asString()).isEqualTo("iPhone 15");
		assertThat(list.get(1).get("created_at").asString()).isEqualTo("2030-01-01T00:00:00Z");
		assertThat(list.get(1).get("refreshed_at").isNull()).isTrue();
		assertThat(list.get(1).get("expires_at").asString()).isEqualTo("2030-01-31T00:00:00Z");
		assertThat(response.getContentAsString()).doesNotContain(someoneElse.session().sessionId());
	}

	@Test
	void endingOneSessionTakesOnlyTheCallersOwnAndAnswers404ForAnyOther() throws Exception {
		IssuedTokens current = this.fixture.login("o-end");
		IssuedTokens phone = this.fixture.login("o-end");
		IssuedTokens someoneElse = this.fixture.login("o-not-mine");
		this.fixture.authenticate(current.accessToken());

		MockHttpServletResponse notMine = send(this.sessions, "DELETE",
				"/wx/sessions/" + someoneElse.session().sessionId(), null);
		MockHttpServletResponse unknown = send(this.sessions, "DELETE", "/wx/sessions/no-such-session", null);
		assertThat(notMine.getStatus()).isEqualTo(404);
		assertThat(unknown.getStatus()).isEqualTo(404);
		assertThat(notMine.getContentAsString()).as("the same answer whether it exists or not")
			.isEqualTo(unknown.getContentAsString());
		assertThat(this.fixture.store.isSessionRevoked(someoneElse.session().sessionId())).isFalse();

		assertThat(send(this.sessions, "DELETE", "/wx/sessions/" + phone.session().sessionId(), null).getStatus())
			.isEqualTo(204);
		assertThat(this.fixture.store.isSessionRevoked(phone.session().sessionId())).isTrue();
		assertThat(this.fixture.store.isSessionRevoked(current.session().sessionId())).isFalse();
	}

	@Test
	void endingAllSessionsEndsTheCurrentOneTooButNoOneElses() throws Exception {
		IssuedTokens current = this.fixture.login("o-everywhere");
		IssuedTokens phone = this.fixture.login("o-everywhere");
		IssuedTokens someoneElse = this.fixture.login("o-bystander");
		this.fixture.authenticate(current.accessToken());
		assertThat(send(this.sessions, "DELETE", "/wx/sessions", null).getStatus()).isEqualTo(204);
		assertThat(this.fixture.store.isSessionRevoked(current.session().sessionId())).isTrue();
		assertThat(this.fixture.store.isSessionRevoked(phone.session().sessionId())).isTrue();
		assertThat(this.fixture.store.isSessionRevoked(someoneElse.session().sessionId())).isFalse();
	}

	@Test
	void refreshSpendsTheTokenAndAnswersANewPair() throws Exception {
		IssuedTokens issued = this.fixture.login("o-refresh");
		MockHttpServletResponse response = send(this.refresh, "POST", "/wx/token/refresh",
				"{\"refresh_token\":\"" + issued.refreshToken() + "\"}");
		assertThat(response.getStatus()).isEqualTo(200);
		JsonNode body = JsonMapper.shared().readTree(response.getContentAsByteArray());
		assertThat(body.get("refresh_token").asString()).isNotEqualTo(issued.refreshToken());
		assertThat(body.get("token_type").asString()).isEqualTo("Bearer");
		assertThat(this.fixture.tokens.verify(body.get("access_token").asString()).principal())
			.isEqualTo(issued.session());

		MockHttpServletResponse reused = send(this.refresh, "POST", "/wx/token/refresh",
				"{\"refresh_token\":\"" + issued.refreshToken() + "\"}");
		assertThat(reused.getStatus()).isEqualTo(401);
		assertThat(reused.getContentAsString()).contains("\"error\":\"invalid_grant\"");
	}

	@Test
	void refreshOfADisabledUserIsAccountDisabled() throws Exception {
		IssuedTokens issued = this.fixture.login("o-disabled");
		this.fixture.users.disable(TokenFixture.APP_ID, "o-disabled", WxUserDetails.DISABLED_INDEFINITELY);
		MockHttpServletResponse response = send(this.refresh, "POST", "/wx/token/refresh",
				"{\"refresh_token\":\"" + issued.refreshToken() + "\"}");
		assertThat(response.getStatus()).isEqualTo(403);
		assertThat(response.getContentAsString()).contains("\"error\":\"account_disabled\"");
	}

	@Test
	void aRefreshRequestWithoutAUsableTokenIsAnInvalidRequest() throws Exception {
		for (String body : new String[] { "{}", "{\"refresh_token\":\"  \"}", "{\"refresh_token\":42}",
				"{\"refresh_token\":\"a\\u0000b\"}", "{\"refresh_token\":\"" + "x".repeat(4097) + "\"}", "[]",
				"not json" }) {
			MockHttpServletResponse response = send(this.refresh, "POST", "/wx/token/refresh", body);
			assertThat(response.getStatus()).as(body).isEqualTo(400);
			assertThat(response.getContentAsString()).as(body).contains("\"error\":\"invalid_request\"");
		}
		MockHttpServletResponse unknown = send(this.refresh, "POST", "/wx/token/refresh",
				"{\"refresh_token\":\"" + "x".repeat(4096) + "\"}");
		assertThat(unknown.getStatus()).as("long but not too long: an unknown grant").isEqualTo(401);
	}

	private static MockHttpServletResponse send(WxEndpointFilter filter, String method, String path, String json)
			throws Exception {
		MockHttpServletRequest request = new MockHttpServletRequest(method, path);
		if (json != null) {
			request.setContentType("application/json");
			request.setContent(json.getBytes(StandardCharsets.UTF_8));
		}
		MockHttpServletResponse response = new MockHttpServletResponse();
		MockFilterChain chain = new MockFilterChain();
		filter.doFilter(request, response, chain);
		assertThat(chain.getRequest()).as("the endpoint answered itself").isNull();
		return response;
	}

}
