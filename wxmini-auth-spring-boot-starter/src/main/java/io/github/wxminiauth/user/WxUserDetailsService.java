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
	 * Loads, links or registers the user of a one-tap phone login (the login's {@code phone_code})
	 * and stores the phone number WeChat just verified for them, before the login is answered. The
	 * user returned carries the authorities they have with the number bound: they go into the
	 * login's first access token.
	 * <p>
	 * The default registers or loads the user ({@link #loadOrRegister}) and then binds the number
	 * ({@link #bindPhoneNumber}): two steps, so a failure of the second leaves a user without the
	 * number (the login then fails and the next one finds the user). Override it to do it in one
	 * step, and to <em>link</em>: an account system whose users may exist before their first
	 * mini-program login (registered on the web or in an app, known by their phone number) looks up
	 * the user of this openid first, else the account with this number that has no mini-program
	 * identity in this app yet and attaches the identity to it, else registers a new user with the
	 * number — atomically, and as safe under concurrency as {@link #loadOrRegister}: however many
	 * one-tap logins of one openid race, exactly one user of that openid exists afterwards, and
	 * however many openids race to link one account, at most one of them is linked to it.
	 * @param identity who WeChat says the user is
	 * @param phoneNumber the number WeChat verified for this user
	 * @return the user with the number bound, and whether this call created them: a link to an
	 * account that existed before is not a new user
	 * @since 0.2.0
	 */
	default WxUserRegistration loadOrRegisterWithPhoneNumber(WxIdentity identity, PhoneNumber phoneNumber) {
		WxUserRegistration registration = loadOrRegister(identity);
		WxUserDetails user = bindPhoneNumber(identity.appId(), identity.openid(), phoneNumber);
		return new WxUserRegistration(user, registration.created());
	}

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
