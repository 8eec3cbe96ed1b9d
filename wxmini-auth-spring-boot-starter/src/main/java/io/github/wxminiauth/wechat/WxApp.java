package io.github.wxminiauth.wechat;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

/**
 * One mini program this backend serves: its AppID and AppSecret, and optionally its own token
 * lifetimes.
 *
 * @param name the name of the app: {@code default} for the single-app setup, the key under
 * {@code wxmini.apps}, or whatever a {@link WxAppSource} calls it
 * @param appId the AppID ({@code wx…})
 * @param appSecret the AppSecret; never printed, see {@link #toString()}
 * @param accessTokenTtl lifetime of this app's access JWTs, or {@code null} for
 * {@code wxmini.jwt.access-token-ttl}
 * @param refreshTokenTtl lifetime of this app's refresh tokens, or {@code null} for
 * {@code wxmini.jwt.refresh-token-ttl}
 * @since 0.1.0
 */
public record WxApp(String name, String appId, String appSecret, @Nullable Duration accessTokenTtl,
		@Nullable Duration refreshTokenTtl) {

	public WxApp {
		Assert.hasText(name, "name must not be empty");
		Assert.hasText(appId, "appId must not be empty");
		Assert.hasText(appSecret, "appSecret must not be empty");
		Assert.isTrue(accessTokenTtl == null || isPositive(accessTokenTtl), "accessTokenTtl must be positive");
		Assert.isTrue(refreshTokenTtl == null || isPositive(refreshTokenTtl), "refreshTokenTtl must be positive");
	}

	/**
	 * Creates an app with the global token lifetimes.
	 * @param name the name of the app
	 * @param appId the AppID
	 * @param appSecret the AppSecret
	 */
	public WxApp(String name, String appId, String appSecret) {
		this(name, appId, appSecret, null, null);
	}

	/**
	 * Returns this app with another AppSecret.
	 * @param appSecret the new AppSecret
	 * @return the app
	 * @since 0.2.0
	 */
	public WxApp withSecret(String appSecret) {
		return new WxApp(this.name, this.appId, appSecret, this.accessTokenTtl, this.refreshTokenTtl);
	}

	/**
	 * Returns this app with its own token lifetimes.
	 * @param accessTokenTtl lifetime of access JWTs, or {@code null} for the global one
	 * @param refreshTokenTtl lifetime of refresh tokens, or {@code null} for the global one
	 * @return the app
	 * @since 0.2.0
	 */
	public WxApp withTokenTtls(@Nullable Duration accessTokenTtl, @Nullable Duration refreshTokenTtl) {
		return new WxApp(this.name, this.appId, this.appSecret, accessTokenTtl, refreshTokenTtl);
	}

	private static boolean isPositive(Duration duration) {
		return !duration.isNegative() && !duration.isZero();
	}

	@Override
	public String toString() {
		// The secret must never reach a log line, so the generated toString is replaced.
		return "WxApp[name=" + this.name + ", appId=" + this.appId + ", appSecret=******, accessTokenTtl="
				+ this.accessTokenTtl + ", refreshTokenTtl=" + this.refreshTokenTtl + "]";
	}

}
