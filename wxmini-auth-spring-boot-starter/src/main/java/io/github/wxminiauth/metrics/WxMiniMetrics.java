package io.github.wxminiauth.metrics;

import io.github.wxminiauth.accesstoken.AccessTokenFetchListener;
import io.github.wxminiauth.event.WxSessionRevokedEvent;
import io.github.wxminiauth.token.RotationResult;
import io.github.wxminiauth.wechat.WxApp;

/**
 * Records what the starter does, for metrics. The starter always provides one bean of this type:
 * a Micrometer recorder when the application has a Micrometer {@code MeterRegistry}
 * (with {@code spring-boot-starter-actuator}), otherwise {@link #NOOP}. Every method is cheap
 * and never throws; the methods do nothing by default.
 * <p>
 * Components outside the starter's own code record through it too, e.g. a rate limiter:
 *
 * <pre class="code">
 * metrics.rateLimited(RateLimitedEndpoint.LOGIN, RateLimitKey.IP);
 * </pre>
 *
 * The bearer-token path records nothing on purpose: it runs on every API request, which the
 * server's {@code http.server.requests} metric already counts.
 *
 * @since 0.1.0
 */
public interface WxMiniMetrics {

	/**
	 * Records nothing.
	 */
	WxMiniMetrics NOOP = new WxMiniMetrics() {
	};

	/**
	 * An endpoint whose requests a local rate limit refused, for {@link #rateLimited}.
	 * @since 0.2.0
	 */
	enum RateLimitedEndpoint {

		/** The login endpoint ({@code POST /wx/login}), by client address. */
		LOGIN,

		/**
		 * The phone-number endpoint ({@code POST /wx/phone}), and a one-tap phone login, which
		 * shares its allowance per user and per address.
		 */
		PHONE

	}

	/**
	 * What the limit that refused a request counts by, for {@link #rateLimited}.
	 * @since 0.2.0
	 */
	enum RateLimitKey {

		/** The client's IP address. */
		IP,

		/** The user (the bearer token's openid, or the openid of a one-tap phone login). */
		USER

	}

	/** The login outcome of a successful login, for {@link #login}. */
	String OUTCOME_SUCCESS = "success";

	/**
	 * A login finished.
	 * @param outcome {@link #OUTCOME_SUCCESS} or the contract's {@code error} code
	 * ({@link io.github.wxminiauth.security.WxAuthErrors})
	 * @param newUser whether the login created the user ({@code false} for failed logins)
	 */
	default void login(String outcome, boolean newUser) {
	}

	/**
	 * An access-token fetch from WeChat by the starter's access-token provider finished (an
	 * {@link io.github.wxminiauth.accesstoken.AccessTokenFetchListener}).
	 * @param app the mini program
	 * @param reason why the token was fetched
	 * @param success whether WeChat handed out a token
	 */
	default void accessTokenFetched(WxApp app, AccessTokenFetchListener.Reason reason, boolean success) {
	}

	/**
	 * A refresh token was presented; fits
	 * {@link io.github.wxminiauth.token.WxTokenService#setRotationListener}.
	 * @param outcome what the rotation did ({@code REUSED} is a theft detection)
	 */
	default void refreshTokenRotated(RotationResult.Outcome outcome) {
	}

	/**
	 * A request was refused by a local rate limit.
	 * @param endpoint the endpoint
	 * @param key what the limit counts by
	 */
	default void rateLimited(RateLimitedEndpoint endpoint, RateLimitKey key) {
	}

	/**
	 * A session was revoked.
	 * @param reason why
	 * @since 0.2.0
	 */
	default void sessionRevoked(WxSessionRevokedEvent.Reason reason) {
	}

}
