package io.github.wxminiauth.accesstoken;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.wxminiauth.test.ConcurrentCallers;
import io.github.wxminiauth.wechat.WxAccessToken;
import io.github.wxminiauth.wechat.WxUnavailableException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link InMemoryAccessTokenCache}.
 */
class InMemoryAccessTokenCacheTests {

	private static final String APP_ID = "wx1234567890abcdef";

	private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

	private final InMemoryAccessTokenCache cache = new InMemoryAccessTokenCache();

	@Test
	void getReturnsNullWhenNothingIsCached() {
		assertThat(this.cache.get(APP_ID)).isNull();
	}

	@Test
	void renewStoresTheFetchedToken() {
		WxAccessToken renewed = this.cache.renew(APP_ID, (token) -> true, () -> token("token-1"));
		assertThat(renewed.value()).isEqualTo("token-1");
		assertThat(this.cache.get(APP_ID)).isSameAs(renewed);
	}

	@Test
	void renewReturnsTheCachedTokenWhenUsableWithoutFetching() {
		WxAccessToken cached = this.cache.renew(APP_ID, (token) -> true, () -> token("token-1"));
		AtomicInteger fetches = new AtomicInteger();
		WxAccessToken renewed = this.cache.renew(APP_ID, (token) -> true, () -> {
			fetches.incrementAndGet();
			return token("token-2");
		});
		assertThat(renewed).isSameAs(cached);
		assertThat(fetches).hasValue(0);
	}

	@Test
	void renewFetchesWhenTheCachedTokenIsNotUsable() {
		this.cache.renew(APP_ID, (token) -> true, () -> token("token-1"));
		WxAccessToken renewed = this.cache.renew(APP_ID, (token) -> false, () -> token("token-2"));
		assertThat(renewed.value()).isEqualTo("token-2");
		assertThat(this.cache.get(APP_ID)).isSameAs(renewed);
	}

	@Test
	void failedRenewalKeepsTheCachedToken() {
		WxAccessToken cached = this.cache.renew(APP_ID, (token) -> true, () -> token("token-1"));
		assertThatExceptionOfType(WxUnavailableException.class).isThrownBy(() -> this.cache.renew(APP_ID,
				(token) -> false, () -> {
					throw new WxUnavailableException("stable_token", -1, "busy");
				}));
		assertThat(this.cache.get(APP_ID)).isSameAs(cached);
	}

	@Test
	@Timeout(value = 30, unit = TimeUnit.SECONDS)
	void concurrentRenewalsCallTheFetcherOnce() throws InterruptedException {
		CountDownLatch release = new CountDownLatch(1);
		AtomicInteger fetches = new AtomicInteger();
		ConcurrentCallers<WxAccessToken> callers = new ConcurrentCallers<>(20,
				() -> this.cache.renew(APP_ID, (token) -> true, () -> {
					int number = fetches.incrementAndGet();
					try {
						release.await();
					}
					catch (InterruptedException ex) {
						Thread.currentThread().interrupt();
					}
					return token("token-" + number);
				}));
		callers.awaitAllParked(Duration.ofSeconds(20));
		release.countDown();
		List<Object> outcomes = callers.outcomes();
		assertThat(fetches).hasValue(1);
		assertThat(outcomes).hasSize(20).allSatisfy((outcome) -> assertThat(outcome).isSameAs(outcomes.get(0)));
		assertThat(((WxAccessToken) outcomes.get(0)).value()).isEqualTo("token-1");
	}

	@Test
	void renewalsOfDifferentAppsDoNotShareATokenOrALock() {
		this.cache.renew(APP_ID, (token) -> true, () -> {
			// A fetch for another app from inside this one would deadlock if the lock were shared.
			this.cache.renew("wxother", (token) -> true, () -> token("other-1"));
			return token("token-1");
		});
		assertThat(this.cache.get(APP_ID).value()).isEqualTo("token-1");
		assertThat(this.cache.get("wxother").value()).isEqualTo("other-1");
	}

	@Test
	void expireIfCurrentDropsTheMatchingToken() {
		this.cache.renew(APP_ID, (token) -> true, () -> token("token-1"));
		assertThat(this.cache.expireIfCurrent(APP_ID, "token-1")).isTrue();
		assertThat(this.cache.get(APP_ID)).isNull();
	}

	@Test
	void expireIfCurrentKeepsANewerToken() {
		this.cache.renew(APP_ID, (token) -> true, () -> token("token-1"));
		WxAccessToken newer = this.cache.renew(APP_ID, (token) -> false, () -> token("token-2"));
		assertThat(this.cache.expireIfCurrent(APP_ID, "token-1")).isFalse();
		assertThat(this.cache.get(APP_ID)).isSameAs(newer);
	}

	@Test
	void expireIfCurrentWithNothingCachedDoesNothing() {
		assertThat(this.cache.expireIfCurrent(APP_ID, "token-1")).isFalse();
	}

	private static WxAccessToken token(String value) {
		return new WxAccessToken(value, NOW, NOW.plus(Duration.ofHours(2)));
	}

}
