package io.github.wxminiauth.user;

import java.time.Instant;
import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

/**
 * A user as the starter needs to know them: identity, bound phone number and authorities. The
 * authorities go into every access token issued for the user, so requests are authorized without
 * a database read.
 *
 * @param appId the mini program's AppID
 * @param openid the openid
 * @param unionid the unionid, when known
 * @param phoneNumber the bound phone number (as WeChat formats it, e.g. {@code +86 13800138000}),
 * or {@code null}
 * @param authorities the user's authorities, e.g. {@code ROLE_USER}, {@code PHONE_VERIFIED}
 * @param disabledUntil until when the user is disabled (cannot log in nor refresh), or
 * {@code null} if they are not; {@link #DISABLED_INDEFINITELY} for a ban without an end
 * @since 0.1.0
 */
public record WxUserDetails(String appId, String openid, @Nullable String unionid, @Nullable String phoneNumber,
		List<String> authorities, @Nullable Instant disabledUntil) {

	/**
	 * The {@link #disabledUntil()} of a user disabled until enabled again.
	 * @since 0.2.0
	 */
	public static final Instant DISABLED_INDEFINITELY = Instant.MAX;

	public WxUserDetails {
		Assert.hasText(appId, "appId must not be empty");
		Assert.hasText(openid, "openid must not be empty");
		Assert.notNull(authorities, "authorities must not be null");
		authorities = List.copyOf(authorities);
	}

	/**
	 * A user who is not disabled.
	 * @param appId the mini program's AppID
	 * @param openid the openid
	 * @param unionid the unionid, when known
	 * @param phoneNumber the bound phone number, or {@code null}
	 * @param authorities the user's authorities
	 */
	public WxUserDetails(String appId, String openid, @Nullable String unionid, @Nullable String phoneNumber,
			List<String> authorities) {
		this(appId, openid, unionid, phoneNumber, authorities, null);
	}

	/**
	 * Whether the user is disabled at an instant.
	 * @param now the instant
	 * @return {@code true} if disabled
	 * @since 0.2.0
	 */
	public boolean isDisabled(Instant now) {
		return this.disabledUntil != null && now.isBefore(this.disabledUntil);
	}

	/**
	 * This user, disabled until an instant, or enabled.
	 * @param until until when, {@link #DISABLED_INDEFINITELY}, or {@code null} to enable
	 * @return the changed user
	 * @since 0.2.0
	 */
	public WxUserDetails withDisabledUntil(@Nullable Instant until) {
		return new WxUserDetails(this.appId, this.openid, this.unionid, this.phoneNumber, this.authorities, until);
	}

	/**
	 * Whether the user has bound a phone number.
	 * @return {@code true} if {@link #phoneNumber()} is set
	 */
	public boolean isPhoneBound() {
		return this.phoneNumber != null;
	}

}
