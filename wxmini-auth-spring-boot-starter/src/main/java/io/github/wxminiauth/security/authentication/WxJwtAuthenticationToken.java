package io.github.wxminiauth.security.authentication;

import java.util.Collection;

import io.github.wxminiauth.token.VerifiedAccessToken;
import io.github.wxminiauth.user.WxPrincipal;

import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.util.Assert;

/**
 * An authenticated mini-program request: the principal and authorities come from its access
 * token, so no store is read per request.
 *
 * @since 0.1.0
 */
public final class WxJwtAuthenticationToken extends AbstractAuthenticationToken {

	private final VerifiedAccessToken token;

	public WxJwtAuthenticationToken(VerifiedAccessToken token, Collection<? extends GrantedAuthority> authorities) {
		super(authorities);
		Assert.notNull(token, "token must not be null");
		this.token = token;
		super.setAuthenticated(true);
	}

	@Override
	public WxPrincipal getPrincipal() {
		return this.token.principal();
	}

	/**
	 * Always {@code null}: the token was verified and is not kept.
	 * @return {@code null}
	 */
	@Override
	public Object getCredentials() {
		return null;
	}

	public VerifiedAccessToken getToken() {
		return this.token;
	}

	@Override
	public String getName() {
		return this.token.principal().openid();
	}

	@Override
	public void setAuthenticated(boolean authenticated) {
		Assert.isTrue(!authenticated, "cannot set this token to trusted");
		super.setAuthenticated(false);
	}

}
