package io.github.wxminiauth.ratelimit;

import org.springframework.util.Assert;

/**
 * The rate limits of the starter's endpoints, applied by
 * {@link io.github.wxminiauth.security.web.internal.WxRateLimitFilter}s that
 * {@link io.github.wxminiauth.security.config.WxMiniConfigurer} adds when a {@link RateLimiter}
 * and this bean are present (the {@code wxmini.rate-limit.*} properties).
 *
 * @param loginPerIp the limit of {@code POST /wx/login} per client IP address
 * @param phonePerIp the limit of {@code POST /wx/phone} per client IP address
 * @param phonePerUser the limit of {@code POST /wx/phone} per user
 * @since 0.1.0
 */
public record WxRateLimits(RateLimit loginPerIp, RateLimit phonePerIp, RateLimit phonePerUser) {

	public WxRateLimits {
		Assert.notNull(loginPerIp, "loginPerIp must not be null");
		Assert.notNull(phonePerIp, "phonePerIp must not be null");
		Assert.notNull(phonePerUser, "phonePerUser must not be null");
	}

}
