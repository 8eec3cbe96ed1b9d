package io.github.wxminiauth.accesstoken.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import io.github.wxminiauth.accesstoken.AccessTokenCache;
import io.github.wxminiauth.accesstoken.AccessTokenFetchListener.Reason;
import io.github.wxminiauth.accesstoken.InMemoryAccessTokenCache;
import io.github.wxminiauth.accesstoken.internal.AccessTokenStatus.State;
import io.github.wxminiauth.test.MutableClock;
import io.github.wxminiauth.wechat.WxApp;
import io.github.wxminiauth.wechat.WxAppRegistry;
import io.github.wxminiauth.wechat.WxInvalidAccessTokenException;
import io.github.wxminiauth.wechat.WxUnavailableException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Tests for {@link CachingAccessTokenProvider#status(String)} and its fetch listener.
 */
class CachingAccessTokenProviderStatusTests {

	private static final String APP_ID = "wx1234567890abcdef";

	private static final WxApp APP = new WxApp("shop", APP_ID, "the-app-secret");

	private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));

	private final FakeWxApiClient weChat = new FakeWxApiClient(this.clock);

	private final CachingAccessTokenProvider provider = new CachingAccessTokenProvider(WxAppRegistry.of(APP),
			this.weChat, new InMemoryAccessTokenCache(), this.clock, Duration.ofMinutes(2));

	private final List<String> fetches = new CopyOnWriteArrayList<>();

	CachingAccessTokenProviderStatusTests() {
		this.provider.setFetchListener((app, reason, success) -> this.fetches
			.add(app.name() + " " + reason.name().toLowerCase() + " " + (success ? "success" : "failure")));
	}

	@Test
	void statusGoesFromUnknownToFreshToRenewingToFailingAndBackToFresh() {
		assertThat(this.provider.status(APP_ID)).isEqualTo(new AccessTokenStatus(State.UNKNOWN, null));

		Instant firstExpiry = this.provider.getAccessToken(APP_ID).expiresAt();
		assertThat(this.provider.status(APP_ID)).isEqualTo(new AccessTokenStatus(State.FRESH, firstExpiry));

		this.clock.advance(Duration.ofSeconds(7200 - 119));
		assertThat(this.provider.status(APP_ID)).isEqualTo(new AccessTokenStatus(State.RENEWING, firstExpiry));

		// The renewal fails: the still-valid token is used, the state stays renewing.
		this.weChat.failWith(new WxUnavailableException("stable_token", -1, "busy"));
		assertThat(this.provider.getAccessToken(APP_ID).value()).isEqualTo("token-1");
		assertThat(this.provider.status(APP_ID).state()).isEqualTo(State.RENEWING);

		// Expired, and the fetch fails: failing.
		this.clock.advance(Duration.ofSeconds(120));
		assertThatExceptionOfType(WxUnavailableException.class)
			.isThrownBy(() -> this.provider.getAccessToken(APP_ID));
		assertThat(this.provider.status(APP_ID)).isEqualTo(new AccessTokenStatus(State.FAILING, firstExpiry));

		this.weChat.failWith(null);
		Instant secondExpiry = this.provider.getAccessToken(APP_ID).expiresAt();
		assertThat(this.provider.status(APP_ID)).isEqualTo(new AccessTokenStatus(State.FRESH, secondExpiry));
		assertThat(this.weChat.fetches()).isEqualTo(4);
	}

	@Test
	void expiredTokenNobodyAskedForIsUnknownNotFailing() {
		this.provider.getAccessToken(APP_ID);
		this.clock.advance(Duration.ofSeconds(7201));
		assertThat(this.provider.status(APP_ID).state()).isEqualTo(State.UNKNOWN);
		assertThat(this.weChat.fetches()).as("a status never calls WeChat").isEqualTo(1);
	}

	@Test
	@Timeout(10)
	void fetchInFlightIsRenewing() throws Exception {
		CountDownLatch release = new CountDownLatch(1);
		CountDownLatch started = this.weChat.holdFetchesUntil(release);
		CompletableFuture<?> fetch = CompletableFuture.runAsync(() -> this.provider.getAccessToken(APP_ID));
		assertThat(started.await(5, TimeUnit.SECONDS)).isTrue();
		assertThat(this.provider.status(APP_ID).state()).isEqualTo(State.RENEWING);
		release.countDown();
		fetch.get(5, TimeUnit.SECONDS);
		assertThat(this.provider.status(APP_ID).state()).isEqualTo(State.FRESH);
	}

	@Test
	void statusOfAnUnknownAppIsRefused() {
		assertThatIllegalArgumentException().isThrownBy(() -> this.provider.status("wx-not-configured"));
	}

	@Test
	void listenerHearsColdRenewalAndInvalidatedFetches() {
		this.provider.getAccessToken(APP_ID);
		this.clock.advance(Duration.ofSeconds(7200 - 60));
		this.provider.getAccessToken(APP_ID);
		String result = this.provider.execute(APP_ID, (token) -> {
			if (token.equals("token-2")) {
				throw new WxInvalidAccessTokenException("getuserphonenumber", 40001, "invalid credential");
			}
			return token;
		});
		assertThat(result).isEqualTo("token-3");
		assertThat(this.fetches).containsExactly("shop cold success", "shop renewal success",
				"shop invalidated success");
	}

	@Test
	void listenerHearsFailuresAndTheReasonSurvivesAFailedRetry() {
		this.provider.getAccessToken(APP_ID);
		this.weChat.failWith(new WxUnavailableException("stable_token", null, "timeout"));
		assertThatExceptionOfType(WxUnavailableException.class).isThrownBy(() -> this.provider.execute(APP_ID,
				(token) -> {
					throw new WxInvalidAccessTokenException("getuserphonenumber", 40001, "invalid credential");
				}));
		assertThatExceptionOfType(WxUnavailableException.class)
			.isThrownBy(() -> this.provider.getAccessToken(APP_ID));
		this.weChat.failWith(null);
		this.provider.getAccessToken(APP_ID);
		this.clock.advance(Duration.ofSeconds(7201));
		this.provider.getAccessToken(APP_ID);
		assertThat(this.fetches).containsExactly("shop cold success", "shop invalidated failure",
				"shop invalidated failure", "shop invalidated success", "shop cold success");
	}

	@Test
	void fetchServedByTheCacheIsNotReported() {
		AccessTokenCache sharedCache = new InMemoryAccessTokenCache();
		CachingAccessTokenProvider other = new CachingAccessTokenProvider(WxAppRegistry.of(APP), this.weChat,
				sharedCache, this.clock, Duration.ofMinutes(2));
		CachingAccessTokenProvider provider = new CachingAccessTokenProvider(WxAppRegistry.of(APP), this.weChat,
				sharedCache, this.clock, Duration.ofMinutes(2));
		provider.setFetchListener((app, reason, success) -> this.fetches.add(reason + " " + success));
		other.getAccessToken(APP_ID);
		assertThat(provider.getAccessToken(APP_ID).value()).isEqualTo("token-1");
		assertThat(this.fetches).isEmpty();
		assertThat(provider.status(APP_ID).state()).isEqualTo(State.FRESH);
	}

}
