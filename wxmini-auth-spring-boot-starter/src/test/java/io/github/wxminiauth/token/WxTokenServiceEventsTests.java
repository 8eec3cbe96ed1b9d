package io.github.wxminiauth.token;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.github.wxminiauth.event.WxLoginEvent;
import io.github.wxminiauth.event.WxLogoutEvent;
import io.github.wxminiauth.event.WxRefreshTokenReusedEvent;
import io.github.wxminiauth.event.WxSessionRevokedEvent;
import io.github.wxminiauth.event.WxSessionRevokedEvent.Reason;
import io.github.wxminiauth.event.WxTokenRefreshedEvent;
import io.github.wxminiauth.test.MutableClock;
import io.github.wxminiauth.user.InMemoryWxUserDetailsService;
import io.github.wxminiauth.user.WxIdentity;
import io.github.wxminiauth.user.WxUserRegistration;
import io.github.wxminiauth.wechat.WxApp;
import io.github.wxminiauth.wechat.WxAppRegistry;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Every action on a session is published once, after the store recorded it, with the user and the
 * session but never a token.
 */
class WxTokenServiceEventsTests {

	private static final byte[] KEY = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

	private final MutableClock clock = new MutableClock(Instant.parse("2025-05-01T08:00:00Z"));

	private final InMemoryWxUserDetailsService users = new InMemoryWxUserDetailsService();

	private final List<Object> events = new CopyOnWriteArrayList<>();

	private final WxTokenService service = new WxTokenService(
			AccessJwtCodec.hs256(KEY, "wxmini-auth", Duration.ofSeconds(60), this.clock),
			new InMemoryRefreshTokenStore(this.clock), this.users, WxAppRegistry.of(new WxApp("default", "wx123", "s")),
			this.clock, Duration.ofHours(2), Duration.ofDays(30));

	WxTokenServiceEventsTests() {
		this.service.setEventPublisher(this.events::add);
	}

	@Test
	void aFirstLoginIsPublishedAsANewUsersLoginAndTheNextAsAReturningOne() {
		WxUserRegistration first = this.users.loadOrRegister(new WxIdentity("wx123", "openid-new", null));
		IssuedTokens tokens = this.service.login(first);
		WxUserRegistration again = this.users.loadOrRegister(new WxIdentity("wx123", "openid-new", null));
		this.service.login(again);
		assertThat(this.events).hasSize(2);
		assertThat(this.events.get(0)).isEqualTo(new WxLoginEvent(tokens.session(), true));
		assertThat(((WxLoginEvent) this.events.get(1)).newUser()).isFalse();
		assertThat(this.events.toString()).doesNotContain(tokens.accessToken()).doesNotContain(tokens.refreshToken());
	}

	@Test
	void aRefreshAndALogoutArePublishedOnceEach() {
		IssuedTokens tokens = this.service.login(register("openid-r"));
		this.events.clear();
		IssuedTokens refreshed = this.service.refresh(tokens.refreshToken());
		assertThat(this.events).containsExactly(new WxTokenRefreshedEvent(refreshed.session()));
		this.events.clear();
		this.service.logout(refreshed.session());
		assertThat(this.events).containsExactly(new WxLogoutEvent(refreshed.session()),
				new WxSessionRevokedEvent(refreshed.session().sessionId(), refreshed.session(), Reason.LOGOUT));
	}

	@Test
	void aReusedRefreshTokenIsPublishedWithTheRevocationOfItsSession() {
		IssuedTokens tokens = this.service.login(register("openid-stolen"));
		this.service.refresh(tokens.refreshToken());
		this.events.clear();
		assertThatExceptionOfType(InvalidGrantException.class)
			.isThrownBy(() -> this.service.refresh(tokens.refreshToken()));
		String sid = tokens.session().sessionId();
		assertThat(this.events).containsExactly(new WxRefreshTokenReusedEvent(sid),
				new WxSessionRevokedEvent(sid, null, Reason.REUSE));
		this.events.clear();
		// Presented once more, the session is already revoked: nothing new happened.
		assertThatExceptionOfType(InvalidGrantException.class)
			.isThrownBy(() -> this.service.refresh(tokens.refreshToken()));
		assertThat(this.events).isEmpty();
	}

	@Test
	void aRefusedRefreshPublishesNothing() {
		assertThatExceptionOfType(InvalidGrantException.class)
			.isThrownBy(() -> this.service.refresh("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"));
		assertThat(this.events).isEmpty();
	}

	private WxUserRegistration register(String openid) {
		return this.users.loadOrRegister(new WxIdentity("wx123", openid, null));
	}

}
