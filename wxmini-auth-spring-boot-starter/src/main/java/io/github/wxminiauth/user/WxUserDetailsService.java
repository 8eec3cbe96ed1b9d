package io.github.wxminiauth.user;

import java.time.Instant;

import io.github.wxminiauth.wechat.PhoneNumber;
import org.jspecify.annotations.Nullable;

/**
 * Where mini-program users live. Declare a bean of this type to keep users in your own store; the
 * starter's in-memory default steps back.
 *
 * @since 0.1.0
 */
public interface WxUserDetailsService {

	/**
	 * Loads the user with this identity, creating them on their first login. Must be safe under
	 * concurrency: however many first logins of one openid race, exactly one user exists afterwards
	 * and every call returns it (e.g. a unique constraint on (appid, openid) and a re-read when the
	 * insert loses the race). Updating the unionid when it becomes known is welcome.
	 * @param identity who WeChat says the user is
	 * @return the user and whether this call created them
	 */
	WxUserRegistration loadOrRegister(WxIdentity identity);

	/**
	 * Loads an existing user, e.g. to issue fresh authorities when a refresh token is redeemed.
	 * @param appId the AppID
	 * @param openid the openid
	 * @return the user, or {@code null} if they no longer exist (their sessions then end)
	 */
	@Nullable WxUserDetails loadUser(String appId, String openid);

	/**
	 * Stores the user's verified phone number. Called before the phone number is returned to the
	 * client: WeChat bills each verification, so the number must not be lost.
	 * @param appId the AppID
	 * @param openid the openid
	 * @param phoneNumber the verified phone number
	 * @return the updated user, with any authorities that binding a phone grants
	 */
	WxUserDetails bindPhoneNumber(String appId, String openid, PhoneNumber phoneNumber);

	/**
	 * Disables a user, so that they can neither log in nor refresh until {@code until} (their
	 * sessions are ended by {@code WxSessionService#disable}, which calls this). Implement it to
	 * let the application disable users through the session service; the user's
	 * {@link WxUserDetails#disabledUntil()} must tell it from then on.
	 * @param appId the AppID
	 * @param openid the openid
	 * @param until until when, or {@link WxUserDetails#DISABLED_INDEFINITELY}
	 * @return the updated user
	 * @throws UnsupportedOperationException if this service cannot disable users
	 * @since 0.2.0
	 */
	default WxUserDetails disable(String appId, String openid, Instant until) {
		throw new UnsupportedOperationException(getClass().getName() + " cannot disable users: implement "
				+ "WxUserDetailsService.disable and enable to store whether a user is disabled");
	}

	/**
	 * Enables a user disabled before; they may log in again at once.
	 * @param appId the AppID
	 * @param openid the openid
	 * @return the updated user
	 * @throws UnsupportedOperationException if this service cannot disable users
	 * @since 0.2.0
	 */
	default WxUserDetails enable(String appId, String openid) {
		throw new UnsupportedOperationException(getClass().getName() + " cannot enable users: implement "
				+ "WxUserDetailsService.disable and enable to store whether a user is disabled");
	}

}
