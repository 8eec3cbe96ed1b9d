package io.github.wxminiauth.autoconfigure;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Rate limits of the login and phone-number endpoints. Each limit is a token bucket: it allows a
 * burst of its size, then refills evenly over its period. Requests over a limit are answered 429
 * "rate_limited" with "Retry-After" and never reach WeChat.
 *
 * @param enabled Whether the login and phone rate limits apply.
 * @param login Limits of the login endpoint.
 * @param phone Limits of the phone-number endpoint.
 * @param maxLocalBuckets Most buckets (one per limit and client) kept in memory when the limits are
 * counted in this instance; idle buckets are forgotten first.
 * @param redisTimeout How long a check may wait for Redis, when the limits are counted in Redis,
 * before the request is let through without it.
 * @since 0.1.0
 */
@ConfigurationProperties("wxmini.rate-limit")
public record WxMiniRateLimitProperties(@DefaultValue("true") boolean enabled, @DefaultValue Login login,
		@DefaultValue Phone phone, @DefaultValue("100000") int maxLocalBuckets,
		@DefaultValue("500ms") Duration redisTimeout) {

	/**
	 * Limits of the login endpoint.
	 *
	 * @param perIp Login requests allowed per client IP address per period. Generous, because many
	 * mobile users share one address behind carrier-grade NAT.
	 * @param period Period of the login limits.
	 */
	public record Login(@DefaultValue("600") long perIp, @DefaultValue("1m") Duration period) {
	}

	/**
	 * Limits of the phone-number endpoint. Every successful verification is billed by WeChat.
	 *
	 * @param perUser Phone-number requests allowed per user (openid of the bearer token) per
	 * period.
	 * @param perIp Phone-number requests allowed per client IP address per period.
	 * @param period Period of the phone-number limits.
	 */
	public record Phone(@DefaultValue("5") long perUser, @DefaultValue("300") long perIp,
			@DefaultValue("1h") Duration period) {
	}

}
