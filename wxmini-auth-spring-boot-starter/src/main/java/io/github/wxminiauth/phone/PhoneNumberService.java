package io.github.wxminiauth.phone;

import io.github.wxminiauth.accesstoken.AccessTokenProvider;
import io.github.wxminiauth.user.WxPrincipal;
import io.github.wxminiauth.user.WxUserDetails;
import io.github.wxminiauth.user.WxUserDetailsService;
import io.github.wxminiauth.wechat.PhoneNumber;
import io.github.wxminiauth.wechat.WxApiClient;
import io.github.wxminiauth.wechat.WxApp;
import io.github.wxminiauth.wechat.WxAppRegistry;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.util.Assert;

/**
 * Verifies a user's phone number with WeChat and stores it.
 *
 * @since 0.1.0
 */
public final class PhoneNumberService {

	private static final Log logger = LogFactory.getLog(PhoneNumberService.class);

	private final WxAppRegistry apps;

	private final WxApiClient client;

	private final AccessTokenProvider accessTokens;

	private final WxUserDetailsService users;

	/**
	 * Creates a service.
	 * @param apps the configured mini programs
	 * @param client calls WeChat's getuserphonenumber
	 * @param accessTokens provides the WeChat access token for that call
	 * @param users stores the verified number
	 */
	public PhoneNumberService(WxAppRegistry apps, WxApiClient client, AccessTokenProvider accessTokens,
			WxUserDetailsService users) {
		Assert.notNull(apps, "apps must not be null");
		Assert.notNull(client, "client must not be null");
		Assert.notNull(accessTokens, "accessTokens must not be null");
		Assert.notNull(users, "users must not be null");
		this.apps = apps;
		this.client = client;
		this.accessTokens = accessTokens;
		this.users = users;
	}

	/**
	 * Exchanges a {@code getPhoneNumber} code for the user's number and stores it through the
	 * {@code WxUserDetailsService} before returning. WeChat bills every successful verification,
	 * so a code is exchanged at most once and the result is never dropped.
	 * @param principal the logged-in user
	 * @param code the code from {@code bindgetphonenumber}
	 * @return the number and the updated user
	 * @throws io.github.wxminiauth.wechat.WxApiException when WeChat refuses or cannot be reached
	 * @throws IllegalArgumentException when the principal's app is not configured
	 */
	public PhoneNumberBinding bind(WxPrincipal principal, String code) {
		Assert.notNull(principal, "principal must not be null");
		Assert.hasText(code, "code must not be empty");
		WxApp app = this.apps.require(principal.appId());
		PhoneNumber phoneNumber = verify(app, principal.openid(), code);
		WxUserDetails user = store(app, principal.openid(), phoneNumber);
		return new PhoneNumberBinding(phoneNumber, user);
	}

	/**
	 * Exchanges a {@code getPhoneNumber} code for the user's number, passing the openid so that
	 * WeChat checks the code belongs to that user, without storing it: for one-tap login, which
	 * stores the number together with the user's registration. The caller must store the result:
	 * WeChat bills every successful verification.
	 * @param app the mini program
	 * @param openid the user the code must belong to
	 * @param code the code from {@code bindgetphonenumber}
	 * @return the verified number
	 * @throws io.github.wxminiauth.wechat.WxApiException when WeChat refuses or cannot be reached
	 * @since 0.2.0
	 */
	public PhoneNumber verify(WxApp app, String openid, String code) {
		Assert.notNull(app, "app must not be null");
		Assert.hasText(openid, "openid must not be empty");
		Assert.hasText(code, "code must not be empty");
		// The only repeated call execute makes is its single retry after WeChat rejected the access
		// token, when WeChat verified (and billed) nothing.
		return this.accessTokens.execute(app.appId(),
				(accessToken) -> this.client.getPhoneNumber(app, accessToken, code, openid));
	}

	private WxUserDetails store(WxApp app, String openid, PhoneNumber phoneNumber) {
		try {
			WxUserDetails user = this.users.bindPhoneNumber(app.appId(), openid, phoneNumber);
			Assert.state(user != null, "WxUserDetailsService.bindPhoneNumber returned no user");
			return user;
		}
		catch (RuntimeException ex) {
			// The verification is paid for and the code is spent: leave a trace an operator can act on.
			// The cause is not attached: a store's message may quote the full number; the caller
			// that receives the rethrown exception reports it.
			logger.error("WeChat verified phone number " + mask(phoneNumber) + " of openid " + openid + " in app "
					+ app.appId() + " but storing it failed (" + ex.getClass().getName() + ")");
			throw ex;
		}
	}

	/**
	 * Masks a number for the log, e.g. {@code +86 138****8000}.
	 * @param phoneNumber the number
	 * @return the masked number
	 */
	static String mask(PhoneNumber phoneNumber) {
		String number = phoneNumber.purePhoneNumber();
		String masked;
		if (number.length() > 7) {
			masked = number.substring(0, 3) + "****" + number.substring(number.length() - 4);
		}
		else {
			masked = "****" + number.substring(Math.max(0, number.length() - 2));
		}
		return "+" + phoneNumber.countryCode() + " " + masked;
	}

}
