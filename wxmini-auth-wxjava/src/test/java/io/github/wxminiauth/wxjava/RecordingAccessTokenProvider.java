package io.github.wxminiauth.wxjava;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

import io.github.wxminiauth.accesstoken.AccessTokenProvider;
import io.github.wxminiauth.wechat.WxAccessToken;
import io.github.wxminiauth.wechat.WxApiException;

/**
 * An access token provider that hands out a token the test sets, or fails as the test says, and
 * records what it was asked to expire, with the provider's compare-and-expire rule.
 */
final class RecordingAccessTokenProvider implements AccessTokenProvider {

	final List<String> expired = new CopyOnWriteArrayList<>();

	private volatile String current;

	private volatile WxApiException failure;

	RecordingAccessTokenProvider(String current) {
		this.current = current;
	}

	void issue(String token) {
		this.current = token;
		this.failure = null;
	}

	void failWith(WxApiException failure) {
		this.failure = failure;
	}

	@Override
	public WxAccessToken getAccessToken(String appId) {
		WxApiException failure = this.failure;
		if (failure != null) {
			throw failure;
		}
		Instant now = Instant.now();
		return new WxAccessToken(this.current, now, now.plusSeconds(7200));
	}

	@Override
	public void expire(String appId, String failedToken) {
		if (failedToken.equals(this.current)) {
			this.expired.add(failedToken);
		}
	}

	@Override
	public <T> T execute(String appId, Function<String, T> call) {
		return call.apply(getAccessToken(appId).value());
	}

}
