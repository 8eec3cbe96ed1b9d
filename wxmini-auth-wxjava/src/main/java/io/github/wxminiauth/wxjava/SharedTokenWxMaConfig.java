package io.github.wxminiauth.wxjava;

import java.util.concurrent.locks.Lock;

import cn.binarywang.wx.miniapp.config.impl.WxMaDefaultConfigImpl;
import io.github.wxminiauth.accesstoken.AccessTokenProvider;
import io.github.wxminiauth.wechat.WxApp;
import io.github.wxminiauth.wechat.WxAppRegistry;
import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

/**
 * A WxJava {@code WxMaConfig} whose access token is the one of wxmini-auth's
 * {@link AccessTokenProvider}: the cached stable token that every instance shares, renewed ahead
 * of expiry by one caller at a time.
 * <p>
 * WxJava keeps its token in the config and asks the config whether it has expired, to expire it
 * and to store a new one. Here:
 * <ul>
 * <li>{@link #getAccessToken()} asks the provider, which fetches only when its cache has no valid
 * token;</li>
 * <li>{@link #isAccessTokenExpired()} is always {@code false}, so WxJava never fetches a token
 * itself;</li>
 * <li>{@link #expireAccessToken()}, which WxJava calls after WeChat rejected a token (40001,
 * 42001, 40014), expires the token this thread was last given, and only if it is still the cached
 * one ({@link AccessTokenProvider#expire compare-and-expire}): callers that fail together cause
 * one refetch, and a late failure never evicts a newer token;</li>
 * <li>{@link #getAccessTokenLock()} is a lock that is always free, the provider being the one that
 * lets one caller fetch at a time;</li>
 * <li>storing a token ({@link #updateAccessToken(String, int)}, {@link #setAccessToken(String)}) is
 * refused: tokens come from the provider only.</li>
 * </ul>
 * Use it with {@link SharedTokenWxMaService}, which also turns a forced refresh into a plain read.
 *
 * @since 0.2.0
 */
public class SharedTokenWxMaConfig extends WxMaDefaultConfigImpl {

	private final AccessTokenProvider accessTokens;

	/** Where the AppSecret is looked up on each use, or {@code null} for the one given. */
	private final @Nullable WxAppRegistry apps;

	/**
	 * The token most recently handed to each thread: WxJava's {@code expireAccessToken()} names no
	 * token, and the one a thread's failed call used is the one that may be expired.
	 */
	private final ThreadLocal<String> handedOut = new ThreadLocal<>();

	/**
	 * Creates a config for one mini program.
	 * @param app the mini program, with its AppID and AppSecret
	 * @param accessTokens where its access tokens come from
	 */
	public SharedTokenWxMaConfig(WxApp app, AccessTokenProvider accessTokens) {
		Assert.notNull(app, "app must not be null");
		Assert.notNull(accessTokens, "accessTokens must not be null");
		this.accessTokens = accessTokens;
		this.apps = null;
		setAppid(app.appId());
		// WxJava signs some calls (e.g. jscode2session) with the secret itself.
		setSecret(app.appSecret());
		super.useStableAccessToken(true);
	}

	/**
	 * Creates a config for one mini program of a registry whose apps may change at runtime: the
	 * AppSecret is the registry's on each use, so a changed secret is used from the next call.
	 * @param appId the AppID
	 * @param apps the served apps
	 * @param accessTokens where its access tokens come from
	 */
	public SharedTokenWxMaConfig(String appId, WxAppRegistry apps, AccessTokenProvider accessTokens) {
		Assert.hasText(appId, "appId must not be empty");
		Assert.notNull(apps, "apps must not be null");
		Assert.notNull(accessTokens, "accessTokens must not be null");
		this.accessTokens = accessTokens;
		this.apps = apps;
		setAppid(appId);
		super.useStableAccessToken(true);
	}

	/**
	 * The app's AppSecret: the registry's current one when the config was made from a registry.
	 * @throws IllegalStateException when the registry no longer serves the app
	 */
	@Override
	public String getSecret() {
		WxAppRegistry registry = this.apps;
		if (registry == null) {
			return super.getSecret();
		}
		WxApp app = registry.find(getAppid());
		if (app == null) {
			throw new IllegalStateException("No mini program with app-id " + getAppid() + " is served any longer");
		}
		return app.appSecret();
	}

	/**
	 * Returns a token WeChat currently accepts, from the provider.
	 * @return the token value
	 * @throws io.github.wxminiauth.wechat.WxApiException when no token can be obtained
	 */
	@Override
	public String getAccessToken() {
		String value = this.accessTokens.getAccessToken(getAppid()).value();
		this.handedOut.set(value);
		return value;
	}

	/**
	 * Always {@code false}: the provider renews the token before it expires and fetches one when
	 * it has none, so WxJava never needs to fetch one.
	 * @return {@code false}
	 */
	@Override
	public boolean isAccessTokenExpired() {
		return false;
	}

	/**
	 * Expires the token last handed to this thread, if the provider still caches it; does nothing
	 * when this thread was handed none.
	 */
	@Override
	public void expireAccessToken() {
		String failed = this.handedOut.get();
		this.handedOut.remove();
		if (failed != null) {
			this.accessTokens.expire(getAppid(), failed);
		}
	}

	/**
	 * Returns when the provider's current token expires, in epoch milliseconds.
	 * @return the expiry
	 */
	@Override
	public long getExpiresTime() {
		return this.accessTokens.getAccessToken(getAppid()).expiresAt().toEpochMilli();
	}

	@Override
	public Lock getAccessTokenLock() {
		return NoLock.INSTANCE;
	}

	/**
	 * Refused: the provider lets one caller fetch at a time.
	 * @param accessTokenLock ignored
	 * @throws UnsupportedOperationException always
	 */
	@Override
	public void setAccessTokenLock(@Nullable Lock accessTokenLock) {
		throw refused("setAccessTokenLock");
	}

	/**
	 * Refused: tokens come from the provider only.
	 * @param accessToken ignored
	 * @param expiresInSeconds ignored
	 * @throws UnsupportedOperationException always
	 */
	@Override
	public synchronized void updateAccessToken(@Nullable String accessToken, int expiresInSeconds) {
		throw refused("updateAccessToken");
	}

	/**
	 * Refused: tokens come from the provider only.
	 * @param accessToken ignored
	 * @throws UnsupportedOperationException always
	 */
	@Override
	public void setAccessToken(@Nullable String accessToken) {
		throw refused("setAccessToken");
	}

	/**
	 * Refused: expiry is the provider's.
	 * @param expiresTime ignored
	 * @throws UnsupportedOperationException always
	 */
	@Override
	public void setExpiresTime(long expiresTime) {
		throw refused("setExpiresTime");
	}

	/**
	 * Always {@code true}: the provider uses the stable-token API.
	 * @return {@code true}
	 */
	@Override
	public boolean isStableAccessToken() {
		return true;
	}

	/**
	 * Accepts {@code true} only: the provider uses the stable-token API, whose tokens do not
	 * invalidate each other across instances.
	 * @param useStableAccessToken must be {@code true}
	 * @throws UnsupportedOperationException when {@code false}
	 */
	@Override
	public void useStableAccessToken(boolean useStableAccessToken) {
		if (!useStableAccessToken) {
			throw refused("useStableAccessToken(false)");
		}
	}

	/**
	 * Names the app and the API host only: WxJava's own {@code toString()} writes out every field,
	 * the AppSecret included.
	 * @return a description without secrets
	 */
	@Override
	public String toString() {
		return "SharedTokenWxMaConfig[appid=" + getAppid() + ", apiHostUrl=" + getEffectiveApiHostUrl() + "]";
	}

	private UnsupportedOperationException refused(String method) {
		return new UnsupportedOperationException(method + " is not supported: the access tokens of app " + getAppid()
				+ " come from wxmini-auth's AccessTokenProvider, shared by every instance");
	}

}
