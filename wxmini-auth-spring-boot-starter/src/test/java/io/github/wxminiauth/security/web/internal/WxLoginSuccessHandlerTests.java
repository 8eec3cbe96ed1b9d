package io.github.wxminiauth.security.web.internal;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import io.github.wxminiauth.metrics.WxMiniMetrics;
import io.github.wxminiauth.security.authentication.WxMiniAuthenticationToken;
import io.github.wxminiauth.token.AccessJwtCodec;
import io.github.wxminiauth.token.RefreshTokenStore;
import io.github.wxminiauth.token.RotationResult;
import io.github.wxminiauth.token.WxSessionInfo;
import io.github.wxminiauth.token.WxTokenService;
import io.github.wxminiauth.user.WxIdentity;
import io.github.wxminiauth.user.WxPrincipal;
import io.github.wxminiauth.user.WxUserRegistration;
import io.github.wxminiauth.wechat.WxApp;
import io.github.wxminiauth.wechat.WxAppRegistry;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.security.core.authority.AuthorityUtils;

import static org.assertj.core.api.Assertions.assertThat;

class WxLoginSuccessHandlerTests {

	private static final WxApp APP = new WxApp("default", TokenFixture.APP_ID, "secret");

	private final TokenFixture fixture = new TokenFixture();

	private final List<String> logins = new ArrayList<>();

	private final WxMiniMetrics metrics = new WxMiniMetrics() {

		@Override
		public void login(String outcome, boolean newUser) {
			WxLoginSuccessHandlerTests.this.logins.add(outcome + "/" + newUser);
		}

	};

	@Test
	void aLoginAnswersTheNewSessionsTokensAndIsCounted() throws Exception {
		WxUserRegistration registration = this.fixture.users
			.loadOrRegister(new WxIdentity(TokenFixture.APP_ID, "openid-success", null));
		MockHttpServletResponse response = succeed(handler(this.fixture.tokens), registration);

		assertThat(response.getStatus()).isEqualTo(200);
		assertThat(response.getContentType()).startsWith("application/json");
		JsonNode body = JsonMapper.shared().readTree(response.getContentAsByteArray());
		assertThat(body.get("openid").asString()).isEqualTo("openid-success");
		assertThat(body.get("new_user").asBoolean()).isTrue();
		assertThat(body.get("phone_bound").asBoolean()).isFalse();
		String accessToken = body.get("access_token").asString();
		assertThat(this.fixture.tokens.verify(accessToken).principal().openid()).isEqualTo("openid-success");
		assertThat(this.fixture.store.liveSessions(TokenFixture.APP_ID, "openid-success")).hasSize(1);
		assertThat(this.logins).containsExactly("success/true");
	}

	@Test
	void aSessionThatCannotBeStartedIsTemporarilyUnavailableAndCountedAsAFailure() throws Exception {
		WxTokenService unavailable = new WxTokenService(
				AccessJwtCodec.hs256("filter-tests-key-of-32-bytes!!!!".getBytes(StandardCharsets.US_ASCII),
						"wxmini-auth", Duration.ofSeconds(60), this.fixture.clock),
				new UnavailableStore(), this.fixture.users, WxAppRegistry.of(APP), this.fixture.clock,
				Duration.ofHours(2), Duration.ofDays(30));
		WxUserRegistration registration = this.fixture.users
			.loadOrRegister(new WxIdentity(TokenFixture.APP_ID, "openid-unlucky", null));
		MockHttpServletResponse response = succeed(handler(unavailable), registration);

		assertThat(response.getStatus()).isEqualTo(503);
		assertThat(response.getContentType()).startsWith("application/problem+json");
		assertThat(response.getContentAsString()).contains("\"error\":\"temporarily_unavailable\"")
			.doesNotContain("access_token")
			.doesNotContain("store down");
		assertThat(this.logins).containsExactly("temporarily_unavailable/false");
	}

	private WxLoginSuccessHandler handler(WxTokenService tokens) {
		return new WxLoginSuccessHandler(tokens, new WxProblemWriter(JsonMapper.shared()), this.metrics);
	}

	private static MockHttpServletResponse succeed(WxLoginSuccessHandler handler, WxUserRegistration registration)
			throws Exception {
		MockHttpServletResponse response = new MockHttpServletResponse();
		handler.onAuthenticationSuccess(new MockHttpServletRequest("POST", "/wx/login"), response,
				WxMiniAuthenticationToken.authenticated(APP, registration, AuthorityUtils.createAuthorityList("ROLE_USER")));
		return response;
	}

	/**
	 * A refresh-token store that is down.
	 */
	private static final class UnavailableStore implements RefreshTokenStore {

		@Override
		public List<String> save(String tokenHash, WxPrincipal session, Instant expiresAt, String device,
				int maxSessionsPerUser, Instant revokeUntil) {
			throw new IllegalStateException("store down");
		}

		@Override
		public List<WxSessionInfo> liveSessions(String appId, String openid) {
			throw new IllegalStateException("store down");
		}

		@Override
		public RotationResult rotate(String presentedHash, String replacementHash, Instant now,
				Instant replacementExpiresAt, Instant revokeUntil) {
			throw new IllegalStateException("store down");
		}

		@Override
		public void revokeSession(String sessionId, Instant until) {
			throw new IllegalStateException("store down");
		}

		@Override
		public void markUserStale(String appId, String openid, Instant before, Instant until) {
			throw new IllegalStateException("store down");
		}

		@Override
		public Instant staleBefore(String appId, String openid) {
			throw new IllegalStateException("store down");
		}

		@Override
		public boolean isSessionRevoked(String sessionId) {
			throw new IllegalStateException("store down");
		}

	}

}
