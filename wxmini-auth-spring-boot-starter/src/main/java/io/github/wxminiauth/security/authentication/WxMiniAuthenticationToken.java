package io.github.wxminiauth.security.authentication;

import java.util.Collection;

import io.github.wxminiauth.user.WxUserRegistration;
import io.github.wxminiauth.wechat.PhoneNumber;
import io.github.wxminiauth.wechat.WxApp;
import org.jspecify.annotations.Nullable;

import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.util.Assert;

/**
 * A mini-program login: before authentication the app and the {@code wx.login} code (and, for a
 * one-tap phone login, the {@code getPhoneNumber} code), after it the registered user (and the
 * phone number the login bound).
 *
 * @since 0.1.0
 */
public final class WxMiniAuthenticationToken extends AbstractAuthenticationToken {

	private final WxApp app;

	private @Nullable String code;

	private final @Nullable WxUserRegistration registration;

	private @Nullable String device;

	private @Nullable String phoneCode;

	private @Nullable PhoneNumber phoneNumber;

	private WxMiniAuthenticationToken(WxApp app, @Nullable String code, @Nullable WxUserRegistration registration,
			@Nullable Collection<? extends GrantedAuthority> authorities) {
		super(authorities);
		this.app = app;
		this.code = code;
		this.registration = registration;
		setAuthenticated(registration != null);
	}

	/**
	 * A login request.
	 * @param app the mini program the code is from
	 * @param code the {@code wx.login} code
	 * @return an unauthenticated token
	 */
	public static WxMiniAuthenticationToken unauthenticated(WxApp app, String code) {
		Assert.notNull(app, "app must not be null");
		Assert.hasText(code, "code must not be empty");
		return new WxMiniAuthenticationToken(app, code, null, null);
	}

	/**
	 * A successful login.
	 * @param app the mini program
	 * @param registration the user, and whether this login created them
	 * @param authorities the user's authorities
	 * @return an authenticated token
	 */
	public static WxMiniAuthenticationToken authenticated(WxApp app, WxUserRegistration registration,
			Collection<? extends GrantedAuthority> authorities) {
		Assert.notNull(app, "app must not be null");
		Assert.notNull(registration, "registration must not be null");
		return new WxMiniAuthenticationToken(app, null, registration, authorities);
	}

	public WxApp getApp() {
		return this.app;
	}

	/**
	 * Gives the login the label the session list shows for it.
	 * @param device the label the mini program sent, or {@code null}
	 * @return this token
	 * @since 0.2.0
	 */
	public WxMiniAuthenticationToken withDevice(@Nullable String device) {
		this.device = device;
		return this;
	}

	/**
	 * The label the mini program gave the login, or {@code null}.
	 * @return the label
	 * @since 0.2.0
	 */
	public @Nullable String getDevice() {
		return this.device;
	}

	/**
	 * Makes the login a one-tap phone login: the user's phone number is verified with this code
	 * and stored before the login succeeds.
	 * @param phoneCode the code from {@code <button open-type="getPhoneNumber">}, or {@code null}
	 * for a plain login
	 * @return this token
	 * @since 0.2.0
	 */
	public WxMiniAuthenticationToken withPhoneCode(@Nullable String phoneCode) {
		Assert.isTrue(phoneCode == null || !phoneCode.isBlank(), "phoneCode must not be blank");
		this.phoneCode = phoneCode;
		return this;
	}

	/**
	 * The {@code getPhoneNumber} code of a one-tap phone login, or {@code null} for a plain login
	 * and once authenticated.
	 * @return the code
	 * @since 0.2.0
	 */
	public @Nullable String getPhoneCode() {
		return this.phoneCode;
	}

	/**
	 * Records the phone number a one-tap phone login verified and bound.
	 * @param phoneNumber the number, or {@code null}
	 * @return this token
	 * @since 0.2.0
	 */
	public WxMiniAuthenticationToken withPhoneNumber(@Nullable PhoneNumber phoneNumber) {
		this.phoneNumber = phoneNumber;
		return this;
	}

	/**
	 * The phone number this login bound (a one-tap phone login), or {@code null}.
	 * @return the number
	 * @since 0.2.0
	 */
	public @Nullable PhoneNumber getPhoneNumber() {
		return this.phoneNumber;
	}

	/**
	 * The {@code wx.login} code, or {@code null} once authenticated.
	 * @return the code
	 */
	@Override
	public @Nullable String getCredentials() {
		return this.code;
	}

	/**
	 * The registered user after authentication, {@code null} before.
	 * @return the registration
	 */
	@Override
	public @Nullable WxUserRegistration getPrincipal() {
		return this.registration;
	}

	@Override
	public void eraseCredentials() {
		super.eraseCredentials();
		this.code = null;
		this.phoneCode = null;
	}

	@Override
	public void setAuthenticated(boolean authenticated) {
		Assert.isTrue(!authenticated || this.registration != null,
				"use WxMiniAuthenticationToken.authenticated(...) to create an authenticated token");
		super.setAuthenticated(authenticated);
	}

	@Override
	public String getName() {
		return (this.registration != null) ? this.registration.user().openid() : "";
	}

}
