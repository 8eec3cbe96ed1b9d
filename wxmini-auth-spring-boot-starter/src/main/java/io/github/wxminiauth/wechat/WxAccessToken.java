package io.github.wxminiauth.wechat;

import java.time.Instant;

import org.springframework.util.Assert;

/**
 * A WeChat API access token (the stable token) and its lifetime.
 *
 * @param value the token; never printed, see {@link #toString()}
 * @param obtainedAt when it was fetched
 * @param expiresAt when WeChat stops accepting it
 * @since 0.1.0
 */
public record WxAccessToken(String value, Instant obtainedAt, Instant expiresAt) {

	public WxAccessToken {
		Assert.hasText(value, "value must not be empty");
		Assert.notNull(obtainedAt, "obtainedAt must not be null");
		Assert.notNull(expiresAt, "expiresAt must not be null");
	}

	/**
	 * Whether WeChat still accepts this token at the given instant.
	 * @param now the instant to check
	 * @return {@code true} before {@link #expiresAt()}
	 */
	public boolean isValidAt(Instant now) {
		return now.isBefore(this.expiresAt);
	}

	@Override
	public String toString() {
		return "WxAccessToken[value=******, obtainedAt=" + this.obtainedAt + ", expiresAt=" + this.expiresAt + "]";
	}

}
