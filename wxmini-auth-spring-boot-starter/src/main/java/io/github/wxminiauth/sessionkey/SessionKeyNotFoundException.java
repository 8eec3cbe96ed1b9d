package io.github.wxminiauth.sessionkey;

/**
 * No session key is kept for the user, so nothing that needs one can be done: the user has not
 * logged in through this server since the store last forgot the key (its time to live passed,
 * or an in-memory store restarted). The user must log in again.
 *
 * @since 0.1.0
 */
public class SessionKeyNotFoundException extends RuntimeException {

	public SessionKeyNotFoundException(String appId, String openid) {
		super("No session key is kept for openid " + openid + " of app " + appId
				+ "; the user must log in again");
	}

}
