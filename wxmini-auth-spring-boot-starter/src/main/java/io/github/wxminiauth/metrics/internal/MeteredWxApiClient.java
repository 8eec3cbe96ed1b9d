package io.github.wxminiauth.metrics.internal;

import java.util.function.Supplier;

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

	static final String CHECK_SESSION = "checksession";

	static final String RESET_USER_SESSION_KEY = "resetusersessionkey";

	private final WxApiClient delegate;

	private final MicrometerWxMiniMetrics metrics;

	private final MicrometerWxMiniMetrics.WechatCallTimers code2Session;

	private final MicrometerWxMiniMetrics.WechatCallTimers stableToken;

	private final MicrometerWxMiniMetrics.WechatCallTimers phoneNumber;

	private final MicrometerWxMiniMetrics.WechatCallTimers checkSession;

	private final MicrometerWxMiniMetrics.WechatCallTimers resetUserSessionKey;

	MeteredWxApiClient(WxApiClient delegate, MicrometerWxMiniMetrics metrics) {
		this.delegate = delegate;
		this.metrics = metrics;
		this.code2Session = metrics.wechatCallTimers(CODE2SESSION);
		this.stableToken = metrics.wechatCallTimers(STABLE_TOKEN);
		this.phoneNumber = metrics.wechatCallTimers(GET_USER_PHONE_NUMBER);
		this.checkSession = metrics.wechatCallTimers(CHECK_SESSION);
		this.resetUserSessionKey = metrics.wechatCallTimers(RESET_USER_SESSION_KEY);
	}

	@Override
	public WxSession code2Session(WxApp app, String code) {
		return timed(this.code2Session, () -> this.delegate.code2Session(app, code));
	}

	@Override
	public WxAccessToken fetchStableAccessToken(WxApp app) {
		return timed(this.stableToken, () -> this.delegate.fetchStableAccessToken(app));
	}

	@Override
	public PhoneNumber getPhoneNumber(WxApp app, String accessToken, String code, @Nullable String openid) {
		return timed(this.phoneNumber, () -> this.delegate.getPhoneNumber(app, accessToken, code, openid));
	}

	@Override
	public boolean checkSessionKey(WxApp app, String accessToken, String openid, String sessionKey) {
		return timed(this.checkSession,
				() -> this.delegate.checkSessionKey(app, accessToken, openid, sessionKey));
	}

	@Override
	public WxSession resetUserSessionKey(WxApp app, String accessToken, String openid, String sessionKey) {
		return timed(this.resetUserSessionKey,
				() -> this.delegate.resetUserSessionKey(app, accessToken, openid, sessionKey));
	}

	private <T> T timed(MicrometerWxMiniMetrics.WechatCallTimers timers, Supplier<T> call) {
		long start = this.metrics.monotonicTime();
		try {
			T result = call.get();
			record(timers, null, start);
			return result;
		}
		catch (RuntimeException ex) {
			record(timers, ex, start);
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
