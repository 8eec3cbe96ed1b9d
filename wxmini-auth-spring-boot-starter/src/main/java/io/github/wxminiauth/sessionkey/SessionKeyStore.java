package io.github.wxminiauth.sessionkey;

import org.jspecify.annotations.Nullable;

/**
 * Keeps the latest WeChat {@code session_key} of each user, for features that need it after the
 * login (decrypting legacy encrypted data, checking the session). Session keys are secrets: they
 * are never sent to a client, never logged and never readable through an endpoint of the starter.
 *
 * @since 0.1.0
 */
public interface SessionKeyStore {

	/**
	 * Keeps the session key WeChat handed out at the user's latest login, replacing any earlier
	 * one.
	 * @param appId the mini program's AppID
	 * @param openid the user's openid
	 * @param sessionKey the session key
	 */
	void save(String appId, String openid, String sessionKey);

	/**
	 * Returns the latest session key of the user, if it is still kept.
	 * @param appId the mini program's AppID
	 * @param openid the user's openid
	 * @return the session key, or {@code null} when none is kept
	 */
	@Nullable String find(String appId, String openid);

}
