package io.github.wxminiauth.accesstoken.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.wxminiauth.wechat.PhoneNumber;
import io.github.wxminiauth.wechat.WxAccessToken;
import io.github.wxminiauth.wechat.WxApiClient;
import io.github.wxminiauth.wechat.WxApiException;
import io.github.wxminiauth.wechat.WxApp;
import io.github.wxminiauth.wechat.WxSession;
import io.github.wxminiauth.wechat.WxUnavailableException;
import org.jspecify.annotations.Nullable;

/**
 * A WeChat that hands out {@code token-1}, {@code token-2}, … counting the fetches, optionally
 * holding every fetch until released and optionally failing.
 */
final class FakeWxApiClient implements WxApiClient {

	private final Clock clock;

	private final AtomicInteger fetches = new AtomicInteger();

	private volatile Duration lifetime = Duration.ofSeconds(7200);

	private volatile @Nullable WxApiException failure;

	private volatile @Nullable CountDownLatch release;

	private volatile CountDownLatch fetchStarted = new CountDownLatch(1);

	FakeWxApiClient(Clock clock) {
		this.clock = clock;
	}

	void lifetime(Duration lifetime) {
		this.lifetime = lifetime;
	}

	void failWith(@Nullable WxApiException failure) {
		this.failure = failure;
	}

	/**
	 * Holds every fetch from now on until {@code release} opens.
	 * @return a latch that opens when the next fetch has started
	 */
	CountDownLatch holdFetchesUntil(CountDownLatch release) {
		this.fetchStarted = new CountDownLatch(1);
		this.release = release;
		return this.fetchStarted;
	}

	int fetches() {
		return this.fetches.get();
	}

	@Override
	public WxAccessToken fetchStableAccessToken(WxApp app) {
		int number = this.fetches.incrementAndGet();
		this.fetchStarted.countDown();
		CountDownLatch latch = this.release;
		if (latch != null) {
			try {
				latch.await();
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new WxUnavailableException("stable_token", null, "interrupted", ex);
			}
		}
		WxApiException ex = this.failure;
		if (ex != null) {
			throw ex;
		}
		Instant now = this.clock.instant();
		return new WxAccessToken("token-" + number, now, now.plus(this.lifetime));
	}

	@Override
	public WxSession code2Session(WxApp app, String code) {
		throw new UnsupportedOperationException();
	}

	@Override
	public PhoneNumber getPhoneNumber(WxApp app, String accessToken, String code, @Nullable String openid) {
		throw new UnsupportedOperationException();
	}

}
