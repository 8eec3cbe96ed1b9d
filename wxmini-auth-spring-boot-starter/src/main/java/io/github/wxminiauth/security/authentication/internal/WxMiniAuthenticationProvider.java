package io.github.wxminiauth.security.authentication.internal;

import java.time.Clock;
import java.util.List;

import io.github.wxminiauth.phone.PhoneNumberService;
import io.github.wxminiauth.security.WxAuthErrors;
import io.github.wxminiauth.security.WxAuthenticationException;
import io.github.wxminiauth.security.authentication.WxMiniAuthenticationToken;
import io.github.wxminiauth.sessionkey.SessionKeyStore;
import io.github.wxminiauth.user.WxIdentity;
import io.github.wxminiauth.user.WxUserDetails;
import io.github.wxminiauth.user.WxUserDetailsService;
import io.github.wxminiauth.user.WxUserRegistration;
import io.github.wxminiauth.wechat.PhoneNumber;
import io.github.wxminiauth.wechat.WxApiClient;
import io.github.wxminiauth.wechat.WxApiException;
import io.github.wxminiauth.wechat.WxApp;
import io.github.wxminiauth.wechat.WxSession;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

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
 * <p>
 * A one-tap phone login (a token {@link WxMiniAuthenticationToken#withPhoneCode with a phone
 * code}) then exchanges the phone code too, passing the openid so that WeChat checks both codes
 * belong to the same user, and has the user loaded, linked or registered with the number through
 * {@link WxUserDetailsService#loadOrRegisterWithPhoneNumber}. Nothing is stored before the phone
 * number is verified: when that fails, the login fails with WeChat's error and leaves no user,
 * session key nor session behind.
 *
 * @since 0.1.0
 */
public final class WxMiniAuthenticationProvider implements AuthenticationProvider {

	private static final Log logger = LogFactory.getLog(WxMiniAuthenticationProvider.class);

	private final WxApiClient client;

	private final WxUserDetailsService users;

	private final SessionKeyStore sessionKeys;

	private Clock clock = Clock.systemUTC();

	private @Nullable PhoneNumberService phoneNumbers;

	private WxPhoneLoginGuard phoneLoginGuard = (login, identity) -> {
	};

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

	/**
	 * Sets the service that verifies the phone numbers of one-tap phone logins. Without it, such a
	 * login fails as the server's fault.
	 * @param phoneNumbers verifies phone codes with WeChat
	 * @since 0.2.0
	 */
	public void setPhoneNumberService(PhoneNumberService phoneNumbers) {
		Assert.notNull(phoneNumbers, "phoneNumbers must not be null");
		this.phoneNumbers = phoneNumbers;
	}

	/**
	 * Sets what decides, before the phone code of a one-tap phone login is exchanged, whether the
	 * login may go on, e.g. the rate limits of phone binding. By default every login goes on.
	 * @param phoneLoginGuard the guard
	 * @since 0.2.0
	 */
	public void setPhoneLoginGuard(WxPhoneLoginGuard phoneLoginGuard) {
		Assert.notNull(phoneLoginGuard, "phoneLoginGuard must not be null");
		this.phoneLoginGuard = phoneLoginGuard;
	}

	@Override
	public Authentication authenticate(Authentication authentication) throws AuthenticationException {
		WxMiniAuthenticationToken request = (WxMiniAuthenticationToken) authentication;
		WxApp app = request.getApp();
		String code = request.getCredentials();
		Assert.state(code != null, "the code was already erased");
		WxSession session = exchange(app, code);
		WxIdentity identity = new WxIdentity(app.appId(), session.openid(), session.unionid());
		String phoneCode = request.getPhoneCode();
		if (phoneCode != null) {
			return authenticateWithPhoneNumber(request, session, identity, phoneCode);
		}
		saveSessionKey(app, session);
		WxUserRegistration registration = register(identity);
		refuseIfDisabled(registration.user());
		logger.debug(LogMessage.format("Logged in openid %s of app %s (new user: %s)", session.openid(), app.appId(),
				registration.created()));
		return authenticated(request, registration);
	}

	/**
	 * The one-tap phone login: everything that can refuse the login comes before the first write,
	 * and the user is stored with the number in one call of the user service.
	 */
	private Authentication authenticateWithPhoneNumber(WxMiniAuthenticationToken request, WxSession session,
			WxIdentity identity, String phoneCode) {
		WxApp app = request.getApp();
		PhoneNumberService phoneNumbers = this.phoneNumbers;
		if (phoneNumbers == null) {
			logger.error("A one-tap phone login arrived but no PhoneNumberService is set on the provider");
			throw new InternalAuthenticationServiceException("One-tap phone login needs a PhoneNumberService");
		}
		// A known disabled user is refused before their phone code is spent and anything is stored.
		WxUserDetails known = loadUser(identity);
		if (known != null) {
			refuseIfDisabled(known);
		}
		this.phoneLoginGuard.check(request, identity);
		PhoneNumber phoneNumber = verify(phoneNumbers, app, identity.openid(), phoneCode);
		WxUserRegistration registration = registerWithPhoneNumber(identity, phoneNumber);
		refuseIfDisabled(registration.user());
		saveSessionKey(app, session);
		logger.debug(LogMessage.format("Logged in openid %s of app %s with a phone number (new user: %s)",
				identity.openid(), app.appId(), registration.created()));
		return authenticated(request, registration).withPhoneNumber(phoneNumber);
	}

	private static WxMiniAuthenticationToken authenticated(WxMiniAuthenticationToken request,
			WxUserRegistration registration) {
		List<GrantedAuthority> authorities = AuthorityUtils.createAuthorityList(registration.user().authorities());
		WxMiniAuthenticationToken result = WxMiniAuthenticationToken
			.authenticated(request.getApp(), registration, authorities)
			.withDevice(request.getDevice());
		result.setDetails(request.getDetails());
		return result;
	}

	private void refuseIfDisabled(WxUserDetails user) {
		if (user.isDisabled(this.clock.instant())) {
			logger.debug(LogMessage.format("Refused the login of disabled openid %s of app %s", user.openid(),
					user.appId()));
			throw new WxAuthenticationException(WxAuthErrors.accountDisabled());
		}
	}

	private @Nullable WxUserDetails loadUser(WxIdentity identity) {
		try {
			return this.users.loadUser(identity.appId(), identity.openid());
		}
		catch (RuntimeException ex) {
			throw new InternalAuthenticationServiceException("Could not load the user", ex);
		}
	}

	private static PhoneNumber verify(PhoneNumberService phoneNumbers, WxApp app, String openid, String phoneCode) {
		try {
			return phoneNumbers.verify(app, openid, phoneCode);
		}
		catch (WxApiException ex) {
			throw new WxAuthenticationException(WxAuthErrors.fromWeChat(ex), ex);
		}
		catch (RuntimeException ex) {
			throw new InternalAuthenticationServiceException("Could not verify the phone number", ex);
		}
	}

	private WxUserRegistration registerWithPhoneNumber(WxIdentity identity, PhoneNumber phoneNumber) {
		try {
			WxUserRegistration registration = this.users.loadOrRegisterWithPhoneNumber(identity, phoneNumber);
			Assert.state(registration != null, "WxUserDetailsService.loadOrRegisterWithPhoneNumber returned nothing");
			return registration;
		}
		catch (RuntimeException ex) {
			// The verification is paid for and the code is spent: leave a trace an operator can act
			// on. The cause is not logged here: a store's message may quote the full number.
			logger.error("WeChat verified the phone number of openid " + identity.openid() + " in app "
					+ identity.appId() + " but storing the user with it failed (" + ex.getClass().getName() + ")");
			throw new InternalAuthenticationServiceException("Could not store the user with their phone number", ex);
		}
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
