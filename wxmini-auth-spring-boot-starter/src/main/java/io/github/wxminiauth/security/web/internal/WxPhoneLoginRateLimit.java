package io.github.wxminiauth.security.web.internal;

import io.github.wxminiauth.metrics.WxMiniMetrics;
import io.github.wxminiauth.metrics.WxMiniMetrics.RateLimitKey;
import io.github.wxminiauth.metrics.WxMiniMetrics.RateLimitedEndpoint;
import io.github.wxminiauth.ratelimit.RateLimit;
import io.github.wxminiauth.ratelimit.RateLimitDecision;
import io.github.wxminiauth.ratelimit.RateLimiter;
import io.github.wxminiauth.security.WxAuthErrors;
import io.github.wxminiauth.security.WxAuthenticationException;
import io.github.wxminiauth.security.authentication.WxMiniAuthenticationToken;
import io.github.wxminiauth.security.authentication.internal.WxPhoneLoginGuard;
import io.github.wxminiauth.user.WxIdentity;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.core.log.LogMessage;
import org.springframework.security.web.authentication.WebAuthenticationDetails;
import org.springframework.util.Assert;

/**
 * The rate limits of phone binding applied to one-tap phone logins: a one-tap login counts as a
 * login (the login endpoint's own {@link WxRateLimitFilter}, before the body is read) and as a
 * phone binding, here, in the same buckets as {@code POST /wx/phone}: per user (app and openid,
 * known once WeChat exchanged the login code) first, then per client address. A login over a
 * limit is answered 429 {@code rate_limited} with {@code Retry-After} before its phone code
 * reaches WeChat, and nothing is stored.
 * <p>
 * The client address is the {@link WebAuthenticationDetails#getRemoteAddress() remote address}
 * of the login's details, counted like {@link WxRateLimitFilter} counts it; with details of
 * another kind only the per-user limit applies.
 *
 * @since 0.2.0
 */
public final class WxPhoneLoginRateLimit implements WxPhoneLoginGuard {

	private static final Log logger = LogFactory.getLog(WxPhoneLoginRateLimit.class);

	private final RateLimiter limiter;

	private final RateLimit perUser;

	private final RateLimit perIp;

	private WxMiniMetrics metrics = WxMiniMetrics.NOOP;

	/**
	 * Creates the guard.
	 * @param limiter counts the requests
	 * @param perUser the phone-binding limit per user
	 * @param perIp the phone-binding limit per client address
	 */
	public WxPhoneLoginRateLimit(RateLimiter limiter, RateLimit perUser, RateLimit perIp) {
		Assert.notNull(limiter, "limiter must not be null");
		Assert.notNull(perUser, "perUser must not be null");
		Assert.notNull(perIp, "perIp must not be null");
		this.limiter = limiter;
		this.perUser = perUser;
		this.perIp = perIp;
	}

	/**
	 * Counts rejections in {@code wxmini.rate-limit.rejections}, as the phone endpoint's.
	 * @param metrics the recorder
	 */
	public void setMetrics(WxMiniMetrics metrics) {
		Assert.notNull(metrics, "metrics must not be null");
		this.metrics = metrics;
	}

	@Override
	public void check(WxMiniAuthenticationToken login, WxIdentity identity) {
		// The same keys as the phone endpoint's filter: one allowance per user and address for both.
		consume(this.perUser, identity.appId() + ":" + identity.openid(), RateLimitKey.USER);
		String address = remoteAddress(login.getDetails());
		if (address != null) {
			consume(this.perIp, WxRateLimitFilter.clientAddress(address), RateLimitKey.IP);
		}
	}

	private void consume(RateLimit limit, String client, RateLimitKey key) {
		RateLimitDecision decision = this.limiter.tryConsume(limit, client);
		if (decision.allowed()) {
			return;
		}
		logger.debug(LogMessage.format("Rejected a one-tap phone login over the rate limit %s (retry after %ss)",
				limit.name(), decision.retryAfter().toSeconds()));
		this.metrics.rateLimited(RateLimitedEndpoint.PHONE, key);
		throw new WxAuthenticationException(WxAuthErrors.rateLimited(decision.retryAfter(), null));
	}

	private static @Nullable String remoteAddress(@Nullable Object details) {
		return (details instanceof WebAuthenticationDetails web) ? web.getRemoteAddress() : null;
	}

	@Override
	public String toString() {
		return "WxPhoneLoginRateLimit[perUser=" + this.perUser + ", perIp=" + this.perIp + "]";
	}

}
