package io.github.wxminiauth.security.web.internal;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;

import io.github.wxminiauth.security.authentication.WxJwtAuthenticationToken;
import io.github.wxminiauth.session.WxSessionService;
import io.github.wxminiauth.test.MutableClock;
import io.github.wxminiauth.token.AccessJwtCodec;
import io.github.wxminiauth.token.InMemoryRefreshTokenStore;
import io.github.wxminiauth.token.IssuedTokens;
import io.github.wxminiauth.token.WxTokenService;
import io.github.wxminiauth.user.InMemoryWxUserDetailsService;
import io.github.wxminiauth.user.WxIdentity;
import io.github.wxminiauth.wechat.WxApp;
import io.github.wxminiauth.wechat.WxAppRegistry;

import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.context.SecurityContextImpl;

/**
 * A token service on in-memory parts for the filters' unit tests, with a clock the test moves.
 */
final class TokenFixture {

	static final String APP_ID = "wx0000000000filter";

	static final Duration ACCESS_TTL = Duration.ofHours(2);

	final MutableClock clock = new MutableClock(Instant.parse("2030-01-01T00:00:00Z"));

	final InMemoryRefreshTokenStore store = new InMemoryRefreshTokenStore(this.clock);

	final InMemoryWxUserDetailsService users = new InMemoryWxUserDetailsService();

	final WxTokenService tokens = new WxTokenService(
			AccessJwtCodec.hs256("filter-tests-key-of-32-bytes!!!!".getBytes(StandardCharsets.US_ASCII),
					"wxmini-auth", Duration.ofSeconds(60), this.clock),
			this.store, this.users, WxAppRegistry.of(new WxApp("default", APP_ID, "secret")), this.clock, ACCESS_TTL,
			Duration.ofDays(30));

	final WxSessionService sessions = new WxSessionService(this.tokens, this.users);

	IssuedTokens login(String openid) {
		return login(openid, null);
	}

	IssuedTokens login(String openid, String device) {
		return this.tokens.login(this.users.loadOrRegister(new WxIdentity(APP_ID, openid, null)), device);
	}

	/**
	 * Authenticates the current thread as the bearer filter would with the given access token.
	 */
	void authenticate(String accessToken) {
		SecurityContextHolder.setContext(new SecurityContextImpl(
				WxJwtAuthenticationToken.authenticated(this.tokens.verify(accessToken), this.clock.instant())));
	}

}
