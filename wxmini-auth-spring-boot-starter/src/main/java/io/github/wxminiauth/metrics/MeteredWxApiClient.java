package io.github.wxminiauth.metrics;

import io.github.wxminiauth.wechat.PhoneNumber;
import io.github.wxminiauth.wechat.WxAccessToken;
import io.github.wxminiauth.wechat.WxApiClient;
import io.github.wxminiauth.wechat.WxApp;
import io.github.wxminiauth.wechat.WxSession;
import org.jspecify.annotations.Nullable;

/**
 * A {@link WxApiClient} that records each call of the client it wraps in
 * {@value MicrometerWxMiniMetrics#WECHAT_CALLS}: one timing per call as the caller saw it, busy
 * retries included. It must delegate every method of {@link WxApiClient}.
 */
final class MeteredWxApiClient implements WxApiClient, AutoCloseable {

	static final String CODE2SESSION = "code2Session";

	static final String STABLE_TOKEN = "stable_token";

	static final String GET_USER_PHONE_NUMBER = "getuserphonenumber";

	private final WxApiClient delegate;

	private final MicrometerWxMiniMetrics metrics;

	private final MicrometerWxMiniMetrics.WechatCallTimers code2Session;

	private final MicrometerWxMiniMetrics.WechatCallTimers stableToken;

	private final MicrometerWxMiniMetrics.WechatCallTimers phoneNumber;

	MeteredWxApiClient(WxApiClient delegate, MicrometerWxMiniMetrics metrics) {
		this.delegate = delegate;
		this.metrics = metrics;
		this.code2Session = metrics.wechatCallTimers(CODE2SESSION);
		this.stableToken = metrics.wechatCallTimers(STABLE_TOKEN);
		this.phoneNumber = metrics.wechatCallTimers(GET_USER_PHONE_NUMBER);
	}

	@Override
	public WxSession code2Session(WxApp app, String code) {
		long start = this.metrics.monotonicTime();
		try {
			WxSession session = this.delegate.code2Session(app, code);
			record(this.code2Session, null, start);
			return session;
		}
		catch (RuntimeException ex) {
			record(this.code2Session, ex, start);
			throw ex;
		}
	}

	@Override
	public WxAccessToken fetchStableAccessToken(WxApp app) {
		long start = this.metrics.monotonicTime();
		try {
			WxAccessToken token = this.delegate.fetchStableAccessToken(app);
			record(this.stableToken, null, start);
			return token;
		}
		catch (RuntimeException ex) {
			record(this.stableToken, ex, start);
			throw ex;
		}
	}

	@Override
	public PhoneNumber getPhoneNumber(WxApp app, String accessToken, String code, @Nullable String openid) {
		long start = this.metrics.monotonicTime();
		try {
			PhoneNumber phoneNumber = this.delegate.getPhoneNumber(app, accessToken, code, openid);
			record(this.phoneNumber, null, start);
			return phoneNumber;
		}
		catch (RuntimeException ex) {
			record(this.phoneNumber, ex, start);
			throw ex;
		}
	}

	private void record(MicrometerWxMiniMetrics.WechatCallTimers timers, @Nullable RuntimeException failure,
			long start) {
		timers.record(failure, this.metrics.monotonicTime() - start);
	}

	WxApiClient getDelegate() {
		return this.delegate;
	}

	@Override
	public void close() throws Exception {
		if (this.delegate instanceof AutoCloseable closeable) {
			closeable.close();
		}
	}

	@Override
	public String toString() {
		return "MeteredWxApiClient[" + this.delegate + "]";
	}

}
