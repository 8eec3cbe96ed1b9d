package io.github.wxminiauth.sessionkey;

import io.github.wxminiauth.accesstoken.AccessTokenProvider;
import io.github.wxminiauth.user.WxPrincipal;
import io.github.wxminiauth.wechat.WxApiClient;
import io.github.wxminiauth.wechat.WxApp;
import io.github.wxminiauth.wechat.WxAppRegistry;
import io.github.wxminiauth.wechat.WxInvalidSignatureException;
import io.github.wxminiauth.wechat.WxSession;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.core.log.LogMessage;
import org.springframework.util.Assert;

/**
 * Checks and resets a user's WeChat session key on the server side (WeChat's
 * {@code checkSessionKey} and {@code resetUserSessionKey}), with the key kept at login. The key
 * itself never leaves the server: WeChat receives only {@code hmac_sha256} of the empty string
 * keyed with it, and a reset stores the new key without returning it.
 *
 * @since 0.1.0
 */
public final class WxSessionKeyService {

	private static final Log logger = LogFactory.getLog(WxSessionKeyService.class);

	private final WxAppRegistry apps;

	private final WxApiClient client;

	private final AccessTokenProvider accessTokens;

	private final SessionKeyStore sessionKeys;

	/**
	 * Creates a service.
	 * @param apps the configured mini programs
	 * @param client calls WeChat's checksession and resetusersessionkey
	 * @param accessTokens provides the WeChat access token for those calls
	 * @param sessionKeys the store the login keeps session keys in
	 */
	public WxSessionKeyService(WxAppRegistry apps, WxApiClient client, AccessTokenProvider accessTokens,
			SessionKeyStore sessionKeys) {
		Assert.notNull(apps, "apps must not be null");
		Assert.notNull(client, "client must not be null");
		Assert.notNull(accessTokens, "accessTokens must not be null");
		Assert.notNull(sessionKeys, "sessionKeys must not be null");
		this.apps = apps;
		this.client = client;
		this.accessTokens = accessTokens;
		this.sessionKeys = sessionKeys;
	}

	/**
	 * Asks WeChat whether the session key kept for the user is still the user's current one.
	 * A stale key means encrypted data from the mini program will not decrypt until the user logs
	 * in again.
	 * @param user the logged-in user
	 * @return {@code true} if WeChat accepts the key, {@code false} if it is stale (87009)
	 * @throws SessionKeyNotFoundException when no session key is kept for the user
	 * @throws io.github.wxminiauth.wechat.WxApiException when WeChat refuses otherwise or cannot
	 * be reached
	 * @throws IllegalArgumentException when the user's app is not configured
	 */
	public boolean checkSessionKey(WxPrincipal user) {
		Assert.notNull(user, "user must not be null");
		WxApp app = app(user);
		String sessionKey = sessionKey(user);
		return this.accessTokens.execute(app.appId(),
				(accessToken) -> this.client.checkSessionKey(app, accessToken, user.openid(), sessionKey));
	}

	/**
	 * Makes WeChat replace the user's session key, for instance after it may have leaked, and
	 * keeps the new one in place of the old. The old key stops working at once; the new one
	 * keeps the old one's expiry. WeChat refuses frequent resets of one user.
	 * @param user the logged-in user
	 * @return {@code true} if the key was reset and the new one is kept, {@code false} if the
	 * kept key was already stale (87009) and nothing changed
	 * @throws SessionKeyNotFoundException when no session key is kept for the user
	 * @throws io.github.wxminiauth.wechat.WxApiException when WeChat refuses otherwise or cannot
	 * be reached
	 * @throws IllegalArgumentException when the user's app is not configured
	 */
	public boolean resetUserSessionKey(WxPrincipal user) {
		Assert.notNull(user, "user must not be null");
		WxApp app = app(user);
		String sessionKey = sessionKey(user);
		WxSession session;
		try {
			session = this.accessTokens.execute(app.appId(),
					(accessToken) -> this.client.resetUserSessionKey(app, accessToken, user.openid(), sessionKey));
		}
		catch (WxInvalidSignatureException ex) {
			logger.debug(LogMessage.format("Session key of openid %s in app %s is stale; not reset", user.openid(),
					app.appId()));
			return false;
		}
		this.sessionKeys.save(app.appId(), user.openid(), session.sessionKey());
		logger.debug(LogMessage.format("Reset the session key of openid %s in app %s", user.openid(), app.appId()));
		return true;
	}

	private WxApp app(WxPrincipal user) {
		return this.apps.require(user.appId());
	}

	private String sessionKey(WxPrincipal user) {
		return SessionKeys.require(this.sessionKeys, user);
	}

	@Override
	public String toString() {
		return "WxSessionKeyService[sessionKeys=" + this.sessionKeys + "]";
	}

}
