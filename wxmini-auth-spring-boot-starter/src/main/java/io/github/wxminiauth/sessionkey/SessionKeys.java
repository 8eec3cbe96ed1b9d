package io.github.wxminiauth.sessionkey;

import io.github.wxminiauth.user.WxPrincipal;

/**
 * The session key a service needs for a user, or the exception that says there is none.
 */
final class SessionKeys {

	private SessionKeys() {
	}

	static String require(SessionKeyStore store, WxPrincipal user) {
		String sessionKey = store.find(user.appId(), user.openid());
		if (sessionKey == null) {
			throw new SessionKeyNotFoundException(user.appId(), user.openid());
		}
		return sessionKey;
	}

}
