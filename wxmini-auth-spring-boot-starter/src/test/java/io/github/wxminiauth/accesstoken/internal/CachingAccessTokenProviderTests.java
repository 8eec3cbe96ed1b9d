package io.github.wxminiauth.accesstoken.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import io.github.wxminiauth.accesstoken.InMemoryAccessTokenCache;
import io.github.wxminiauth.test.ConcurrentCallers;
import io.github.wxminiauth.test.MutableClock;
import io.github.wxminiauth.wechat.WxAccessToken;
import io.github.wxminiauth.wechat.WxApp;
import io.github.wxminiauth.wechat.WxAppRegistry;
import io.github.wxminiauth.wechat.WxInvalidAccessTokenException;
import io.github.wxminiauth.wechat.WxInvalidCodeException;
import io.github.wxminiauth.wechat.WxUnavailableException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Tests for {@link CachingAccessTokenProvider}.
 */
@ExtendWith(OutputCaptureExtension.class)
class CachingAccessTokenProviderTests {

	private static final String APP_ID = "wx1234567890abcdef";

	private static final Duration RENEW_BEFORE = Duration.ofMinutes(2);

	private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));

	private final FakeWxApiClient weChat = new FakeWxApiClient(this.clock);

	private final CachingAccessTokenProvider provider = new CachingAccessTokenProvider(
			WxAppRegistry.of(new WxApp("default", APP_ID, "the-app-secret")), this.weChat,
			new InMemoryAccessTokenCache(), this.clock, RENEW_BEFORE);

	@Test
	void firstCallFetchesAndSecondIsServedFromCache() {
		WxAccessToken first = this.provider.getAccessToken(APP_ID);
		WxAccessToken second = this.provider.getAccessToken(APP_ID);
		assertThat(first.value()).isEqualTo("token-1");
		assertThat(second).isSameAs(first);
		assertThat(this.weChat.fetches()).isEqualTo(1);
	}

	@Test
	void tokenIsRenewedAheadOfExpiry() {
		this.provider.getAccessToken(APP_ID);
		this.clock.advance(Duration.ofSeconds(7200).minus(RENEW_BEFORE).minusSeconds(1));
		assertThat(this.provider.getAccessToken(APP_ID).value()).isEqualTo("token-1");
		this.clock.advance(Duration.ofSeconds(2));
		assertThat(this.provider.getAccessToken(APP_ID).value()).isEqualTo("token-2");
		assertThat(this.provider.getAccessToken(APP_ID).value()).isEqualTo("token-2");
		assertThat(this.weChat.fetches()).isEqualTo(2);
	}

	@Test
	void tokenWithLittleLifetimeLeftDoesNotCauseAFetchOnEveryCall() {
		// Shorter than renewBefore: without the half-lifetime cap it would be stale at once.
		this.weChat.lifetime(Duration.ofSeconds(60));
		this.provider.getAccessToken(APP_ID);
		this.provider.getAccessToken(APP_ID);
		this.clock.advance(Duration.ofSeconds(29));
		this.provider.getAccessToken(APP_ID);
		assertThat(this.weChat.fetches()).isEqualTo(1);
		this.clock.advance(Duration.ofSeconds(2));
		assertThat(this.provider.getAccessToken(APP_ID).value()).isEqualTo("token-2");
		this.provider.getAccessToken(APP_ID);
		assertThat(this.weChat.fetches()).isEqualTo(2);
	}

	@Test
	void staleButValidTokenIsReturnedWhenRenewalFails(CapturedOutput output) {
		this.provider.getAccessToken(APP_ID);
		this.clock.advance(Duration.ofSeconds(7200 - 60));
		this.weChat.failWith(new WxUnavailableException("stable_token", -1, "WeChat is busy"));
		assertThat(this.provider.getAccessToken(APP_ID).value()).isEqualTo("token-1");
		assertThat(this.weChat.fetches()).isEqualTo(2);
		assertThat(output).contains("WARN").contains(APP_ID).contains("WeChat is busy").doesNotContain("token-1");
	}

	@Test
	void staleRenewalIsRetriedOnTheNextCallAfterAFailure() {
		this.provider.getAccessToken(APP_ID);
		this.clock.advance(Duration.ofSeconds(7200 - 60));
		this.weChat.failWith(new WxUnavailableException("stable_token", -1, "WeChat is busy"));
		this.provider.getAccessToken(APP_ID);
		this.weChat.failWith(null);
		assertThat(this.provider.getAccessToken(APP_ID).value()).isEqualTo("token-3");
		assertThat(this.weChat.fetches()).isEqualTo(3);
	}

	@Test
	void expiredTokenWithFailingFetchThrowsAndNextCallFetchesAgain() {
		this.provider.getAccessToken(APP_ID);
		this.clock.advance(Duration.ofSeconds(7200));
		WxUnavailableException busy = new WxUnavailableException("stable_token", -1, "WeChat is busy");
		this.weChat.failWith(busy);
		assertThatExceptionOfType(WxUnavailableException.class).isThrownBy(() -> this.provider.getAccessToken(APP_ID))
			.isSameAs(busy);
		this.weChat.failWith(null);
		assertThat(this.provider.getAccessToken(APP_ID).value()).isEqualTo("token-3");
		assertThat(this.weChat.fetches()).isEqualTo(3);
	}

	@Test
	@Timeout(value = 30, unit = TimeUnit.SECONDS)
	void concurrentCallersOnAColdCacheShareOneFetch() throws InterruptedException {
		CountDownLatch release = new CountDownLatch(1);
		this.weChat.holdFetchesUntil(release);
		ConcurrentCallers<WxAccessToken> callers = new ConcurrentCallers<>(50,
				() -> this.provider.getAccessToken(APP_ID));
		callers.awaitAllParked(Duration.ofSeconds(20));
		release.countDown();
		List<Object> outcomes = callers.outcomes();
		assertThat(this.weChat.fetches()).isEqualTo(1);
		assertThat(outcomes).hasSize(50).allSatisfy((outcome) -> {
			assertThat(outcome).isInstanceOf(WxAccessToken.class);
			assertThat(((WxAccessToken) outcome).value()).isEqualTo("token-1");
		});
	}

	@Test
	@Timeout(value = 30, unit = TimeUnit.SECONDS)
	void concurrentCallersOnAColdCacheShareOneFailedFetch() throws InterruptedException {
		CountDownLatch release = new CountDownLatch(1);
		this.weChat.holdFetchesUntil(release);
		WxUnavailableException busy = new WxUnavailableException("stable_token", -1, "WeChat is busy");
		this.weChat.failWith(busy);
		ConcurrentCallers<WxAccessToken> callers = new ConcurrentCallers<>(50,
				() -> this.provider.getAccessToken(APP_ID));
		callers.awaitAllParked(Duration.ofSeconds(20));
		release.countDown();
		List<Object> outcomes = callers.outcomes();
		assertThat(this.weChat.fetches()).isEqualTo(1);
		assertThat(outcomes).hasSize(50).allSatisfy((outcome) -> assertThat(outcome).isSameAs(busy));
	}

	@Test
	@Timeout(value = 30, unit = TimeUnit.SECONDS)
	void callersDoNotWaitForARenewalWhileTheStaleTokenIsValid() throws InterruptedException {
		this.provider.getAccessToken(APP_ID);
		this.clock.advance(Duration.ofSeconds(7200 - 60));
		CountDownLatch release = new CountDownLatch(1);
		CountDownLatch fetchStarted = this.weChat.holdFetchesUntil(release);
		AtomicReference<WxAccessToken> renewed = new AtomicReference<>();
		Thread renewer = new Thread(() -> renewed.set(this.provider.getAccessToken(APP_ID)));
		renewer.start();
		assertThat(fetchStarted.await(20, TimeUnit.SECONDS)).isTrue();
		// The renewal is held inside WeChat; this call would block forever if it waited for it.
		assertThat(this.provider.getAccessToken(APP_ID).value()).isEqualTo("token-1");
		release.countDown();
		renewer.join();
		assertThat(renewed.get().value()).isEqualTo("token-2");
		assertThat(this.provider.getAccessToken(APP_ID).value()).isEqualTo("token-2");
		assertThat(this.weChat.fetches()).isEqualTo(2);
	}

	@Test
	void executeRetriesOnceWithANewTokenWhenWeChatRejectsTheToken() {
		List<String> usedTokens = new ArrayList<>();
		String result = this.provider.execute(APP_ID, (token) -> {
			usedTokens.add(token);
			if (usedTokens.size() == 1) {
				throw new WxInvalidAccessTokenException("getuserphonenumber", 40001, "invalid credential");
			}
			return "ok";
		});
		assertThat(result).isEqualTo("ok");
		assertThat(usedTokens).containsExactly("token-1", "token-2");
		assertThat(this.weChat.fetches()).isEqualTo(2);
	}

	@Test
	void executeGivesUpWhenWeChatRejectsTheNewTokenToo() {
		List<String> usedTokens = new ArrayList<>();
		WxInvalidAccessTokenException second = new WxInvalidAccessTokenException("getuserphonenumber", 40001,
				"invalid credential");
		assertThatExceptionOfType(WxInvalidAccessTokenException.class)
			.isThrownBy(() -> this.provider.execute(APP_ID, (token) -> {
				usedTokens.add(token);
				if (usedTokens.size() == 1) {
					throw new WxInvalidAccessTokenException("getuserphonenumber", 40001, "invalid credential");
				}
				throw second;
			}))
			.isSameAs(second);
		assertThat(usedTokens).containsExactly("token-1", "token-2");
		assertThat(this.weChat.fetches()).isEqualTo(2);
	}

	@Test
	void executeUsesTheTokenAnotherCallerAlreadyRenewed() {
		List<String> usedTokens = new ArrayList<>();
		String result = this.provider.execute(APP_ID, (token) -> {
			usedTokens.add(token);
			if (usedTokens.size() == 1) {
				// Another caller saw the rejection first and already fetched a new token.
				this.provider.expire(APP_ID, token);
				this.provider.getAccessToken(APP_ID);
				throw new WxInvalidAccessTokenException("getuserphonenumber", 40001, "invalid credential");
			}
			return "ok";
		});
		assertThat(result).isEqualTo("ok");
		assertThat(usedTokens).containsExactly("token-1", "token-2");
		assertThat(this.weChat.fetches()).isEqualTo(2);
	}

	@Test
	void executeDoesNotRetryOtherFailures() {
		List<String> usedTokens = new ArrayList<>();
		assertThatExceptionOfType(WxInvalidCodeException.class)
			.isThrownBy(() -> this.provider.execute(APP_ID, (token) -> {
				usedTokens.add(token);
				throw new WxInvalidCodeException("getuserphonenumber", 40029, "invalid code");
			}));
		assertThat(usedTokens).containsExactly("token-1");
		assertThat(this.weChat.fetches()).isEqualTo(1);
	}

	@Test
	void expiringAnOldTokenDoesNotEvictANewerOne() {
		String old = this.provider.getAccessToken(APP_ID).value();
		this.provider.expire(APP_ID, old);
		assertThat(this.provider.getAccessToken(APP_ID).value()).isEqualTo("token-2");
		this.provider.expire(APP_ID, old);
		assertThat(this.provider.getAccessToken(APP_ID).value()).isEqualTo("token-2");
		assertThat(this.weChat.fetches()).isEqualTo(2);
	}

	@Test
	void unknownAppIsRejected() {
		assertThatIllegalArgumentException().isThrownBy(() -> this.provider.getAccessToken("wxunknown"))
			.withMessageContaining("wxunknown");
		assertThatIllegalArgumentException().isThrownBy(() -> this.provider.execute("wxunknown", (token) -> token));
		assertThatIllegalArgumentException().isThrownBy(() -> this.provider.expire("wxunknown", "token-1"));
		assertThat(this.weChat.fetches()).isZero();
	}

}
