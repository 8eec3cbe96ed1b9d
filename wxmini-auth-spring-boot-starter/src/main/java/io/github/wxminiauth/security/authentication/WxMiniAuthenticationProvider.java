package io.github.wxminiauth.security.authentication;

import java.time.Clock;
import java.util.List;

import io.github.wxminiauth.security.WxAuthErrors;
import io.github.wxminiauth.security.WxAuthenticationException;
import io.github.wxminiauth.sessionkey.SessionKeyStore;
import io.github.wxminiauth.user.WxIdentity;
import io.github.wxminiauth.user.WxUserDetailsService;
import io.github.wxminiauth.user.WxUserRegistration;
import io.github.wxminiauth.wechat.WxApiClient;
import io.github.wxminiauth.wechat.WxApiException;
import io.github.wxminiauth.wechat.WxApp;
import io.github.wxminiauth.wechat.WxSession;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.core.log.LogMessage;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.InternalAuthenticationServiceException;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.util.Assert;

/**
 * Authenticates a {@link WxMiniAuthenticationToken}: exchanges the code for the user's WeChat
 * session, keeps its session key, then loads or registers the user.
 *
 * @since 0.1.0
 */
public final class WxMiniAuthenticationProvider implements AuthenticationProvider {

	private static final Log logger = LogFactory.getLog(WxMiniAuthenticationProvider.class);

	private final WxApiClient client;

	private final WxUserDetailsService users;

	private final SessionKeyStore sessionKeys;

	private Clock clock = Clock.systemUTC();

	/**
	 * Creates a provider.
	 * @param client exchanges codes for WeChat sessions
	 * @param users loads or registers users
	 * @param sessionKeys keeps the latest session key of each user
	 */
	public WxMiniAuthenticationProvider(WxApiClient client, WxUserDetailsService users, SessionKeyStore sessionKeys) {
		Assert.notNull(client, "client must not be null");
		Assert.notNull(users, "users must not be null");
		Assert.notNull(sessionKeys, "sessionKeys must not be null");
		this.client = client;
		this.users = users;
		this.sessionKeys = sessionKeys;
	}

	/**
	 * Sets the clock that tells whether a disabled user's time is up.
	 * @param clock the clock
	 * @since 0.2.0
	 */
	public void setClock(Clock clock) {
		Assert.notNull(clock, "clock must not be null");
		this.clock = clock;
	}

	@Override
	public Authentication authenticate(Authentication authentication) throws AuthenticationException {
		WxMiniAuthenticationToken request = (WxMiniAuthenticationToken) authentication;
		WxApp app = request.getApp();
		String code = request.getCredentials();
		Assert.state(code != null, "the code was already erased");
		WxSession session = exchange(app, code);
		saveSessionKey(app, session);
		WxUserRegistration registration = register(new WxIdentity(app.appId(), session.openid(), session.unionid()));
		if (registration.user().isDisabled(this.clock.instant())) {
			logger.debug(LogMessage.format("Refused the login of disabled openid %s of app %s", session.openid(),
					app.appId()));
			throw new WxAuthenticationException(WxAuthErrors.accountDisabled());
		}
		List<GrantedAuthority> authorities = AuthorityUtils
			.createAuthorityList(registration.user().authorities());
		logger.debug(LogMessage.format("Logged in openid %s of app %s (new user: %s)", session.openid(), app.appId(),
				registration.created()));
		return WxMiniAuthenticationToken.authenticated(app, registration, authorities).withDevice(request.getDevice());
	}

	private WxSession exchange(WxApp app, String code) {
		try {
			return this.client.code2Session(app, code);
		}
		catch (WxApiException ex) {
			throw new WxAuthenticationException(WxAuthErrors.fromWeChat(ex), ex);
		}
	}

	private void saveSessionKey(WxApp app, WxSession session) {
		try {
			this.sessionKeys.save(app.appId(), session.openid(), session.sessionKey());
		}
		catch (RuntimeException ex) {
			// The login itself does not need the session key; only later features do. The
			// exception's message is not logged: it could echo the key.
			logger.warn("Could not keep the session key of openid " + session.openid() + " of app " + app.appId()
					+ " (" + ex.getClass().getName() + "); the login goes on");
		}
	}

	private WxUserRegistration register(WxIdentity identity) {
		try {
			return this.users.loadOrRegister(identity);
		}
		catch (RuntimeException ex) {
			throw new InternalAuthenticationServiceException("Could not load or register the user", ex);
		}
	}

	@Override
	public boolean supports(Class<?> authentication) {
		return WxMiniAuthenticationToken.class.isAssignableFrom(authentication);
	}

}
