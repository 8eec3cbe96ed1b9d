package io.github.wxminiauth.security.web.internal;

import java.time.Duration;

import io.github.wxminiauth.security.authentication.WxJwtAuthenticationToken;
import io.github.wxminiauth.token.IssuedTokens;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.security.authentication.TestingAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.context.SecurityContextImpl;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;

import static org.assertj.core.api.Assertions.assertThat;

class WxBearerTokenAuthenticationFilterTests {

	private final TokenFixture fixture = new TokenFixture();

	private final WxBearerTokenAuthenticationFilter filter = new WxBearerTokenAuthenticationFilter(
			this.fixture.tokens, new WxMiniAuthenticationEntryPoint(new WxProblemWriter(JsonMapper.shared())),
			PathPatternRequestMatcher.pathPattern("/wx/login"));

	private final MockHttpServletResponse response = new MockHttpServletResponse();

	private final Recorder chain = new Recorder();

	@AfterEach
	void clearContext() {
		SecurityContextHolder.clearContext();
	}

	@Test
	void anAccessTokenOfOursAuthenticatesTheRequestWithItsAuthoritiesAndTheBearerFactor() throws Exception {
		IssuedTokens issued = this.fixture.login("o-bearer");
		this.filter.doFilter(get("Bearer " + issued.accessToken()), this.response, this.chain);

		assertThat(this.chain.authentication).isInstanceOf(WxJwtAuthenticationToken.class);
		WxJwtAuthenticationToken authentication = (WxJwtAuthenticationToken) this.chain.authentication;
		assertThat(authentication.getPrincipal()).isEqualTo(issued.session());
		assertThat(authentication.getAuthorities()).extracting(GrantedAuthority::getAuthority)
			.contains("FACTOR_BEARER");
		assertThat(this.response.getStatus()).isEqualTo(200);
	}

	@Test
	void anExpiredTokenOfOursIsRefusedAtOnceAndTheChainGoesNoFurther() throws Exception {
		IssuedTokens issued = this.fixture.login("o-expired");
		this.fixture.clock.advance(TokenFixture.ACCESS_TTL.plus(Duration.ofMinutes(5)));
		this.filter.doFilter(get("Bearer " + issued.accessToken()), this.response, this.chain);

		assertThat(this.chain.called).isFalse();
		assertThat(this.response.getStatus()).isEqualTo(401);
		assertThat(this.response.getHeader("WWW-Authenticate")).isEqualTo("Bearer error=\"invalid_token\"");
	}

	@Test
	void aTokenOfALoggedOutSessionIsRefused() throws Exception {
		IssuedTokens issued = this.fixture.login("o-logged-out");
		this.fixture.tokens.logout(issued.session());
		this.filter.doFilter(get("Bearer " + issued.accessToken()), this.response, this.chain);
		assertThat(this.chain.called).isFalse();
		assertThat(this.response.getStatus()).isEqualTo(401);
	}

	@Test
	void twoAuthorizationHeadersAreRefusedWhicheverComesFirst() throws Exception {
		IssuedTokens issued = this.fixture.login("o-twice");
		MockHttpServletRequest request = get("Bearer " + issued.accessToken());
		request.addHeader("Authorization", "Basic dXNlcjpwYXNz");
		this.filter.doFilter(request, this.response, this.chain);
		assertThat(this.chain.called).isFalse();
		assertThat(this.response.getStatus()).isEqualTo(401);
	}

	@Test
	void otherCredentialsAndTokensOfOthersAreLeftToTheRestOfTheChain() throws Exception {
		for (String authorization : new String[] { "Basic dXNlcjpwYXNz",
				"Bearer eyJhbGciOiJSUzI1NiIsImtpZCI6Imhvc3QifQ.eyJpc3MiOiJodHRwczovL2hvc3QifQ.c2ln",
				"Bearer opaque-token-of-the-host" }) {
			Recorder passed = new Recorder();
			MockHttpServletResponse answered = new MockHttpServletResponse();
			this.filter.doFilter(get(authorization), answered, passed);
			assertThat(passed.called).as(authorization).isTrue();
			assertThat(passed.authentication).as(authorization).isNull();
			assertThat(answered.getStatus()).isEqualTo(200);
		}
	}

	@Test
	void anAuthenticationAlreadyInPlaceIsNeitherReplacedNorCleared() throws Exception {
		Authentication host = new TestingAuthenticationToken("host-user", "n/a", "ROLE_HOST");
		SecurityContextHolder.setContext(new SecurityContextImpl(host));
		IssuedTokens issued = this.fixture.login("o-second");
		this.filter.doFilter(get("Bearer " + issued.accessToken()), this.response, this.chain);
		assertThat(this.chain.authentication).isSameAs(host);
	}

	@Test
	void aStaleTokenSentToLoginDoesNotGetInTheWay() throws Exception {
		IssuedTokens issued = this.fixture.login("o-relogin");
		this.fixture.clock.advance(TokenFixture.ACCESS_TTL.plus(Duration.ofMinutes(5)));
		MockHttpServletRequest login = new MockHttpServletRequest("POST", "/wx/login");
		login.addHeader("Authorization", "Bearer " + issued.accessToken());
		this.filter.doFilter(login, this.response, this.chain);
		assertThat(this.chain.called).isTrue();
		assertThat(this.response.getStatus()).isEqualTo(200);
	}

	private static MockHttpServletRequest get(String authorization) {
		MockHttpServletRequest request = new MockHttpServletRequest("GET", "/api/me");
		request.addHeader("Authorization", authorization);
		return request;
	}

	/**
	 * Records whether the chain went on, and with which authentication.
	 */
	private static final class Recorder extends MockFilterChain {

		boolean called;

		Authentication authentication;

		@Override
		public void doFilter(ServletRequest request, ServletResponse response) {
			this.called = true;
			this.authentication = SecurityContextHolder.getContext().getAuthentication();
		}

	}

}
